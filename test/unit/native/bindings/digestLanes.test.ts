import { createHash, randomBytes } from 'node:crypto';
// eslint-disable-next-line no-restricted-imports -- checks the C library's own refusals, below the binding
import koffi from 'koffi';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIGEST_LIBRARY, DigestLanes, digestLibraryPath } from '../../../../native/bindings/digestLanes';
import { useTempDir } from '../../support/tempDir';

/**
 * native/digest/digest.c through its binding: MD5 and SHA-256 of several files interleaved on one
 * thread must be exactly node:crypto's digests of each, however the pieces fall across 64-byte
 * blocks and calls. The library is built by `npm run build` (build/out/native/); these tests need it.
 * Both kinds of context are checked: MD5 + SHA-256 (CPUs with the SHA extensions, as the reference
 * machine has) and MD5 only (the others).
 */
const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function library(): string {
  const file = digestLibraryPath();
  if (file === null) throw new Error('libwecom-digest.so is not built: run npm run build');
  return file;
}

const hasShaExtensions = new DigestLanes(library()).sha256;

/** A deterministic split of `data` into pieces of 0 to `max` bytes. */
function pieces(data: Buffer, max: number, seed: number): Buffer[] {
  const out: Buffer[] = [];
  let state = seed;
  for (let at = 0; at < data.length;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const length = Math.min(data.length - at, state % (max + 1));
    out.push(data.subarray(at, at + length));
    at += length;
  }
  return out;
}

describe.each([
  ['MD5 + SHA-256', true],
  ['MD5 only', false],
])('digest lanes (%s)', (_name, withSha) => {
  const expected = (data: Buffer) => ({ md5: md5(data), sha256: withSha ? sha256(data) : null });
  const lanes = () => {
    const created = new DigestLanes(library(), { sha256: withSha });
    if (withSha && !created.sha256) return null; // this CPU has no SHA extensions
    return created;
  };

  it.skipIf(withSha && !hasShaExtensions)(
    'is right for every length around the block and padding edges',
    () => {
      const lib = lanes()!;
      for (const size of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
        const data = randomBytes(size);
        const digest = lib.create();
        digest.updateSync(data);
        expect(digest.finish(), `size ${size}`).toEqual(expected(data));
      }
    },
  );

  it.skipIf(withSha && !hasShaExtensions)(
    'is right for each file when many are hashed at once, in pieces of any size',
    async () => {
      const lib = lanes()!;
      const files = Array.from({ length: 7 }, (_, i) => randomBytes(300_000 + i * 70_001));
      const results = await Promise.all(
        files.map(async (file, i) => {
          const digest = lib.create();
          // Large pieces go to the worker thread in shared calls, small ones run at once; each
          // file's pieces wait for the one before, as the media digests do.
          for (const piece of pieces(file, i % 2 === 0 ? 200_000 : 90_000, i + 1)) await digest.update(piece);
          return digest.finish();
        }),
      );
      expect(results).toEqual(files.map(expected));
      // Files really were hashed side by side: some calls carried more than one file.
      expect(lib.stats.lanes).toBeGreaterThan(lib.stats.calls);
    },
  );

  it.skipIf(withSha && !hasShaExtensions)(
    'keeps one file’s updates in order even when they are queued without waiting',
    async () => {
      const lib = lanes()!;
      const data = randomBytes(1_000_003);
      const other = randomBytes(700_000);
      const digest = lib.create();
      const second = lib.create();
      const parts = pieces(data, 250_000, 9).filter((piece) => piece.length >= 64 * 1024);
      await Promise.all([...parts.map((piece) => digest.update(piece)), second.update(other)]);
      expect(digest.finish()).toEqual(expected(Buffer.concat(parts)));
      expect(second.finish()).toEqual(expected(other));
    },
  );
});

describe('digest lanes', () => {
  it('refuses a finished digest', () => {
    const digest = new DigestLanes(library()).create();
    digest.dispose();
    expect(() => digest.updateSync(Buffer.from('x'))).toThrow(/finished/);
    expect(() => digest.finish()).toThrow(/finished/);
  });

  it('refuses (and changes nothing on) a call with one context twice or two kinds of context', () => {
    const lib = koffi.load(library());
    const create = lib.func('void *wd_new(int with_sha256)');
    const update = lib.func(
      'int wd_update(void *c0, const uint8_t *d0, size_t n0, void *c1, const uint8_t *d1, size_t n1, ' +
        'void *c2, const uint8_t *d2, size_t n2, void *c3, const uint8_t *d3, size_t n3)',
    );
    const final = lib.func('void wd_final(void *ctx, _Out_ uint8_t *md5_out, _Out_ uint8_t *sha_out)');
    const free = lib.func('void wd_free(void *ctx)');
    const data = randomBytes(1000);
    const md5Only = create(0) as unknown;
    const other = create(0) as unknown;
    const none = [null, null, 0];
    expect(update(md5Only, data, data.length, md5Only, data, data.length, ...none, ...none)).toBe(0);
    if (hasShaExtensions) {
      const both = create(1) as unknown;
      expect(update(md5Only, data, data.length, both, data, data.length, ...none, ...none)).toBe(0);
      free(both);
    }
    expect(update(md5Only, data, 600, other, data, data.length, ...none, ...none)).toBe(1);
    expect(update(md5Only, data.subarray(600), 400, ...none, ...none, ...none)).toBe(1);
    for (const context of [md5Only, other]) {
      const out = Buffer.alloc(16);
      final(context, out, null);
      expect(out.toString('hex')).toBe(md5(data));
      free(context);
    }
  });
});

describe('where the host finds the digest library', () => {
  const dir = useTempDir('digest-library-');

  it('beside the host bundle, and unpacked from app.asar when packaged', () => {
    const resources = path.join(dir(), 'resources');
    const unpacked = path.join(resources, 'app.asar.unpacked', 'build', 'out', 'native', DIGEST_LIBRARY);
    mkdirSync(path.dirname(unpacked), { recursive: true });
    writeFileSync(unpacked, '');
    expect(digestLibraryPath(path.join(resources, 'app.asar', 'build', 'out', 'host'))).toBe(unpacked);
    expect(digestLibraryPath(path.join(dir(), 'elsewhere', 'host'))).toBeNull();
  });

  it('is packaged: in the app files and unpacked from the asar (electron-builder.yml)', () => {
    const config = readFileSync(path.join(__dirname, '../../../../electron-builder.yml'), 'utf8');
    const listed = (key: string) => {
      const block = new RegExp(`^${key}:\\n((?:[ \\t]+.*\\n)+)`, 'm').exec(config)?.[1] ?? '';
      return block
        .split('\n')
        .map((line) => line.replace(/#.*/, '').trim().replace(/^- /, '').replace(/'/g, ''));
    };
    const shipped = `build/out/native/${DIGEST_LIBRARY}`;
    expect(listed('files')).toContain(shipped);
    expect(listed('asarUnpack')).toContain(shipped);
  });
});
