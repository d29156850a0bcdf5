import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMediaDigester, type MediaDigester } from '../../../../native/bindings/mediaDigest';
import { diskGateFromEnv, MediaFileWriter, type ChunkSource } from '../../../../native/host/mediaFileWriter';
import type { MediaChunkToFileParams } from '../../../../native/host/protocol';
import { useTempDir } from '../../support/tempDir';

/**
 * The host's side of media downloads (native/host/mediaFileWriter.ts) against a fake SDK: packs,
 * part files, comparisons with stored copies and the digests, whichever digest backend is in use.
 */

const CHUNK = 512 * 1024;
const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const delay = () => new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));

/** Serves `files` in 512 KB chunks with indexbufs like the stand-in's, after a random short delay. */
function fakeSdk(files: Map<string, Buffer>): ChunkSource {
  const fetch: ChunkSource['fetch'] = async (params) => {
    await delay();
    const file = files.get(params.sdkfileid);
    if (!file) throw new Error(`unknown ${params.sdkfileid}`);
    const start = params.indexbuf === '' ? 0 : Number(/^(\d+)$/.exec(params.indexbuf)?.[1]);
    const end = Math.min(file.length, start + CHUNK);
    return {
      data: Buffer.from(file.subarray(start, end)),
      outIndexBuf: end < file.length ? String(end) : '',
      isFinish: end >= file.length,
    };
  };
  return {
    fetch,
    // Like the bindings: `expected` is asked synchronously, right when the chunk is there.
    compare: async (params, expected) => {
      const { data, outIndexBuf, isFinish } = await fetch(params);
      const bytes = expected(data.length);
      const same = bytes !== null && Buffer.from(bytes).equals(data);
      return { length: data.length, same, outIndexBuf, isFinish };
    },
  };
}

const network = { proxy: '', passwd: '', timeout: 5 };

/** `real`, except that an update fails (without reaching it) whenever `fails()` says so. */
function failingUpdates(real: MediaDigester, fails: () => boolean): MediaDigester {
  return {
    backend: real.backend,
    digest: (bytes) => real.digest(bytes),
    create: () => {
      const running = real.create();
      return {
        update: (bytes) => (fails() ? Promise.reject(new Error('hashing failed')) : running.update(bytes)),
        finish: () => running.finish(),
        dispose: () => running.dispose(),
      };
    },
  };
}

describe.each<[string, () => MediaDigester]>([
  ['default digester (lanes)', () => createMediaDigester()],
  ['lanes + libcrypto digester', () => createMediaDigester({ laneSha256: false })],
  ['libcrypto digester', () => createMediaDigester({ digestLibrary: null })],
  [
    'node:crypto digester',
    () => ({
      backend: 'node-crypto',
      digest: (data) => Promise.resolve({ md5: md5(data), sha256: sha256(data) }),
      create: () => {
        const a = createHash('md5');
        const b = createHash('sha256');
        return {
          update: (data) => {
            a.update(data);
            b.update(data);
            return Promise.resolve();
          },
          finish: () => Promise.resolve({ md5: a.digest('hex'), sha256: b.digest('hex') }),
          dispose: () => undefined,
        };
      },
    }),
  ],
])('MediaFileWriter with the %s', (_name, digester) => {
  const dir = useTempDir('media-writer-');

  it('appends single-chunk files side by side, each at the offset it answers', async () => {
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 40; i += 1) files.set(`f${i}`, randomBytes(1 + ((i * 37_003) % CHUNK)));
    const writer = new MediaFileWriter(fakeSdk(files), digester());
    const pack = path.join(dir(), '000001.pack');
    const results = await Promise.all(
      [...files.keys()].map(async (id) => {
        const result = await writer.chunkToFile({
          ...network,
          sdkfileid: id,
          indexbuf: '',
          file: path.join(dir(), `${id}.part`),
          offset: 0,
          pack: { file: pack },
        });
        return { id, result };
      }),
    );
    await writer.close();
    const packed = await readFile(pack);
    let total = 0;
    for (const { id, result } of results) {
      const data = files.get(id) ?? Buffer.alloc(0);
      total += data.length;
      expect(result.stored?.kind).toBe('pack');
      const offset = result.stored?.kind === 'pack' ? result.stored.offset : -1;
      expect(packed.subarray(offset, offset + data.length).equals(data), id).toBe(true);
      expect(result).toMatchObject({ md5: md5(data), sha256: sha256(data), bytes: data.length });
      expect(Buffer.from(result.head ?? []).equals(data.subarray(0, 64))).toBe(true);
    }
    expect(packed.length).toBe(total);
  });

  it('stores nothing when a single-chunk file is not what the message says', async () => {
    const data = randomBytes(1000);
    const writer = new MediaFileWriter(fakeSdk(new Map([['x', data]])), digester());
    const pack = path.join(dir(), '000001.pack');
    const request: MediaChunkToFileParams = {
      ...network,
      sdkfileid: 'x',
      indexbuf: '',
      file: path.join(dir(), 'x.part'),
      offset: 0,
      pack: { file: pack, keepOnlyIf: { md5: md5(Buffer.from('other')), size: 1000 } },
    };
    expect((await writer.chunkToFile(request)).stored).toEqual({ kind: 'none', reason: 'unexpected' });
    const sizeOff = { ...request, pack: { file: pack, keepOnlyIf: { md5: md5(data), size: 999 } } };
    expect((await writer.chunkToFile(sizeOff)).stored).toEqual({ kind: 'none', reason: 'unexpected' });
    await expect(stat(pack)).rejects.toThrow();
    const last = { ...request, pack: { file: pack } };
    expect((await writer.chunkToFile(last)).stored).toEqual({ kind: 'pack', offset: 0 });
    await writer.close();
  });

  it('gives each chunk back once, only after it is hashed and written', async () => {
    // The released bytes are overwritten at once, as a buffer used for the next chunk would be: any
    // read of a chunk after its release (hash, write, head) shows in the files or the digests.
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 24; i += 1) files.set(`one${i}`, randomBytes(1 + ((i * 21_011) % CHUNK)));
    for (let i = 0; i < 3; i += 1) files.set(`many${i}`, randomBytes((2 + i) * CHUNK + 777 * i));
    const sdk = fakeSdk(files);
    const fetched = new Set<Uint8Array>();
    const released: Uint8Array[] = [];
    const source: ChunkSource = {
      ...sdk,
      fetch: async (params) => {
        const chunk = await sdk.fetch(params);
        fetched.add(chunk.data);
        return chunk;
      },
      release: (data) => {
        released.push(data);
        data.fill(0xee);
      },
    };
    const writer = new MediaFileWriter(source, digester());
    const pack = path.join(dir(), '000001.pack');
    const results = await Promise.all(
      [...files].map(async ([id, data]) => {
        const file = path.join(dir(), `${id}.part`);
        let indexbuf = '';
        let offset = 0;
        for (;;) {
          const result = await writer.chunkToFile({
            ...network,
            sdkfileid: id,
            indexbuf,
            file,
            offset,
            pack: { file: pack },
          });
          if (offset === 0)
            expect(Buffer.from(result.head ?? []).equals(data.subarray(0, 64)), id).toBe(true);
          offset += result.bytes;
          if (result.isFinish) return { id, data, file, result };
          indexbuf = result.outIndexBuf;
        }
      }),
    );
    await writer.close();
    const packed = await readFile(pack);
    for (const { id, data, file, result } of results) {
      expect(result, id).toMatchObject({ md5: md5(data), sha256: sha256(data) });
      const stored =
        result.stored?.kind === 'pack'
          ? packed.subarray(result.stored.offset, result.stored.offset + data.length)
          : await readFile(file);
      expect(stored.equals(data), id).toBe(true);
    }
    expect(released.length).toBe(fetched.size);
    expect(new Set(released).size).toBe(released.length);
    expect(released.every((data) => fetched.has(data))).toBe(true);
  });

  it('answers a chunk once it is on disk; a hashing failure behind it is mended from the part file', async () => {
    const data = randomBytes(4 * CHUNK + 4321);
    const part = path.join(dir(), 'big.part');
    // The second update of the first running digest fails, after its chunk was answered.
    let updates = 0;
    const flaky = failingUpdates(digester(), () => ++updates === 2);
    const writer = new MediaFileWriter(fakeSdk(new Map([['big', data]])), flaky);
    let indexbuf = '';
    let offset = 0;
    for (;;) {
      const result = await writer.chunkToFile({ ...network, sdkfileid: 'big', indexbuf, file: part, offset });
      offset += result.bytes;
      if (result.isFinish) {
        expect(result).toMatchObject({ md5: md5(data), sha256: sha256(data) });
        break;
      }
      indexbuf = result.outIndexBuf;
    }
    await writer.close();
    expect((await readFile(part)).equals(data)).toBe(true);
    expect(updates).toBeGreaterThan(5); // the digest was built again from the part file
  });

  it('fails the last chunk when its hashing fails, and the same chunk again gives the right digests', async () => {
    const data = randomBytes(2 * CHUNK + 99);
    const part = path.join(dir(), 'two.part');
    let failNext = false;
    const flaky = failingUpdates(digester(), () => {
      const fails = failNext;
      failNext = false;
      return fails;
    });
    const writer = new MediaFileWriter(fakeSdk(new Map([['two', data]])), flaky);
    const request = (indexbuf: string, offset: number): MediaChunkToFileParams => ({
      ...network,
      sdkfileid: 'two',
      indexbuf,
      file: part,
      offset,
    });
    const first = await writer.chunkToFile(request('', 0));
    const second = await writer.chunkToFile(request(first.outIndexBuf, CHUNK));
    failNext = true;
    await expect(writer.chunkToFile(request(second.outIndexBuf, 2 * CHUNK))).rejects.toThrow(
      /hashing failed/,
    );
    const last = await writer.chunkToFile(request(second.outIndexBuf, 2 * CHUNK));
    expect(last).toMatchObject({ isFinish: true, md5: md5(data), sha256: sha256(data) });
    await writer.close();
  });

  it('grows a part file chunk by chunk and digests the whole, also after a restart mid-file', async () => {
    const data = randomBytes(3 * CHUNK + 12_345);
    const files = new Map([['big', data]]);
    const part = path.join(dir(), 'big.part');
    const request = (indexbuf: string, offset: number): MediaChunkToFileParams => ({
      ...network,
      sdkfileid: 'big',
      indexbuf,
      file: part,
      offset,
      pack: { file: path.join(dir(), '000001.pack') },
    });
    let writer = new MediaFileWriter(fakeSdk(files), digester());
    const first = await writer.chunkToFile(request('', 0));
    expect(first).toMatchObject({ bytes: CHUNK, isFinish: false, outIndexBuf: String(CHUNK) });
    expect(first.stored).toBeUndefined();
    const second = await writer.chunkToFile(request(first.outIndexBuf, CHUNK));
    await writer.close();

    // A new host: no running digest, and a chunk that was written but never confirmed.
    await writeFile(part, Buffer.concat([data.subarray(0, 2 * CHUNK), Buffer.from('torn tail')]));
    writer = new MediaFileWriter(fakeSdk(files), digester());
    const third = await writer.chunkToFile(request(second.outIndexBuf, 2 * CHUNK));
    const last = await writer.chunkToFile(request(third.outIndexBuf, 3 * CHUNK));
    await writer.close();
    expect(last).toMatchObject({ isFinish: true, bytes: 12_345, md5: md5(data), sha256: sha256(data) });
    expect((await readFile(part)).equals(data)).toBe(true);
  });

  it('refuses to continue a part file shorter than the offset', async () => {
    const data = randomBytes(2 * CHUNK);
    const writer = new MediaFileWriter(fakeSdk(new Map([['big', data]])), digester());
    const part = path.join(dir(), 'big.part');
    await writeFile(part, data.subarray(0, 100));
    await expect(
      writer.chunkToFile({
        ...network,
        sdkfileid: 'big',
        indexbuf: String(CHUNK),
        file: part,
        offset: CHUNK,
      }),
    ).rejects.toThrow(/fewer than the/);
    await writer.close();
  });

  it('compares a known file with the stored bytes and writes nothing', async () => {
    const data = randomBytes(2 * CHUNK + 99);
    const stored = path.join(dir(), 'stored.pack');
    await writeFile(stored, Buffer.concat([randomBytes(777), data]));
    const at = { file: stored, offset: 777, size: data.length };
    const run = async (served: Buffer, compareWith = at) => {
      const writer = new MediaFileWriter(fakeSdk(new Map([['k', served]])), digester());
      const part = path.join(dir(), 'k.part');
      let indexbuf = '';
      let offset = 0;
      try {
        for (;;) {
          const result = await writer.chunkToFile({
            ...network,
            sdkfileid: 'k',
            indexbuf,
            file: part,
            offset,
            compareWith,
          });
          if (result.stored) return result.stored;
          indexbuf = result.outIndexBuf;
          offset += result.bytes;
        }
      } finally {
        await writer.close();
        await expect(stat(part)).rejects.toThrow();
      }
    };
    expect(await run(data)).toEqual({ kind: 'none', reason: 'known' });
    const changed = Buffer.from(data);
    changed[CHUNK + 5] = (changed[CHUNK + 5] ?? 0) ^ 0x5a;
    expect(await run(changed)).toEqual({ kind: 'none', reason: 'different' });
    expect(await run(data.subarray(0, data.length - 1))).toEqual({ kind: 'none', reason: 'different' });
    expect(await run(data, { ...at, file: path.join(dir(), 'gone.pack') })).toEqual({
      kind: 'none',
      reason: 'different',
    });
  });
});

describe.each([
  ['lanes', () => createMediaDigester()],
  ['lanes + libcrypto', () => createMediaDigester({ laneSha256: false })],
  ['libcrypto', () => createMediaDigester({ digestLibrary: null })],
])('media digests (%s)', (_name, createDigester) => {
  it('agree with node:crypto for every size, in one piece and in pieces', async () => {
    const digester = createDigester();
    for (const size of [0, 1, 65_535, 65_536, 700_001]) {
      const data = randomBytes(size);
      expect(await digester.digest(data)).toEqual({ md5: md5(data), sha256: sha256(data) });
      const running = digester.create();
      const pieces = [
        data.subarray(0, size >> 2),
        data.subarray(size >> 2, size >> 1),
        data.subarray(size >> 1),
      ];
      // Updates may be queued without waiting: they apply in order.
      await Promise.all(pieces.map((piece) => running.update(piece)));
      expect(await running.finish()).toEqual({ md5: md5(data), sha256: sha256(data) });
    }
  });

  it('gives no digest after an update failed', async () => {
    const running = createDigester().create();
    await running.update(randomBytes(100_000));
    // Not bytes at all: the native call refuses it.
    await expect(running.update({ byteLength: 100_000 } as unknown as Uint8Array)).rejects.toThrow();
    await expect(running.finish()).rejects.toThrow();
  });

  it('can be dropped with updates still running', async () => {
    const running = createDigester().create();
    const pending = running.update(randomBytes(1 << 20));
    running.dispose();
    await pending.catch(() => undefined);
    await expect(running.finish()).rejects.toThrow(/finished/);
  });
});

describe('the default media digester', () => {
  it('uses the built digest library (a missing one would fall back silently)', () => {
    // The reference machine has the SHA extensions; elsewhere the library still does MD5.
    expect(['lanes', 'lanes+libcrypto']).toContain(createMediaDigester().backend);
    expect(createMediaDigester({ laneSha256: false }).backend).toBe('lanes+libcrypto');
    expect(createMediaDigester({ digestLibrary: '/nonexistent/libwecom-digest.so' }).backend).toBe(
      'libcrypto',
    );
  });
});

describe('MediaFileWriter on a disk that fills up (the test gate, issue 14)', () => {
  const dir = useTempDir('media-writer-full-');

  it('fails a short write with the errno, then writes the same chunk whole once there is room', async () => {
    const data = randomBytes(2 * CHUNK + 1000);
    const room = path.join(dir(), 'room');
    await writeFile(room, `${CHUNK + 100} EDQUOT\n`);
    const gate = diskGateFromEnv({ WEWORK_STANDIN_DISK_ROOM: `@${room}` });
    expect(gate).toBeDefined();
    expect(diskGateFromEnv({})).toBeUndefined();
    const writer = new MediaFileWriter(fakeSdk(new Map([['big', data]])), undefined, gate);
    const part = path.join(dir(), 'big.part');
    const first = await writer.chunkToFile({
      sdkfileid: 'big',
      indexbuf: '',
      file: part,
      offset: 0,
      ...network,
    });
    expect(first).toMatchObject({ bytes: CHUNK, isFinish: false });
    const chunk = { sdkfileid: 'big', indexbuf: first.outIndexBuf, file: part, offset: CHUNK, ...network };
    await expect(writer.chunkToFile(chunk)).rejects.toMatchObject({ name: 'SdkFileError', errno: 'EDQUOT' });
    // The 100 bytes the disk took are there, unconfirmed; the chunk comes again with the same indexbuf.
    expect((await stat(part)).size).toBe(CHUNK + 100);
    await writeFile(room, '');
    const second = await writer.chunkToFile(chunk);
    const last = await writer.chunkToFile({ ...chunk, indexbuf: second.outIndexBuf, offset: 2 * CHUNK });
    expect(last).toMatchObject({ isFinish: true, md5: md5(data), sha256: sha256(data) });
    expect((await readFile(part)).equals(data)).toBe(true);
    await writer.close();
  });

  it('fails a pack append with ENOSPC and appends whole after room is made', async () => {
    const small = randomBytes(5000);
    const room = path.join(dir(), 'room');
    await writeFile(room, '0');
    const writer = new MediaFileWriter(
      fakeSdk(new Map([['small', small]])),
      undefined,
      diskGateFromEnv({ WEWORK_STANDIN_DISK_ROOM: `@${room}` }),
    );
    const pack = path.join(dir(), 'pack-1');
    const request = {
      sdkfileid: 'small',
      indexbuf: '',
      file: path.join(dir(), 'small.part'),
      offset: 0,
      pack: { file: pack },
      ...network,
    };
    await expect(writer.chunkToFile(request)).rejects.toMatchObject({ errno: 'ENOSPC' });
    await writeFile(room, '1000000');
    const done = await writer.chunkToFile(request);
    expect(done.stored).toEqual({ kind: 'pack', offset: 0 });
    expect((await readFile(pack)).equals(small)).toBe(true);
    await writer.close();
  });
});
