import { createCipheriv, createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IdFactory } from './ids';
import { Prng } from './prng';
import { formatCorpsTsv } from './writer';

/**
 * The media-only corpus of `bench:media -- --distinct` (issue 16): every item its own file, in a mix
 * like a real archive's — many short voice notes and photos, fewer videos and files, the videos and
 * files holding most of the bytes. Only what GetMediaData needs is written (corps.tsv, media/,
 * `<corpid>/media.tsv`; CORPUS-FORMAT.md): no messages, no keys. The test and bench profiles are
 * untouched.
 *
 * Each file has a valid header for its format (AMR-NB and SILK frames throughout, JPEG/PNG with their
 * dimensions, MP4 with moov/mvhd, PDF/ZIP signatures), so mediaProbe reads it; the payload behind the
 * header is an AES-CTR keystream keyed by (seed, item), so every file differs (distinct md5s), the same
 * seed and size give the same bytes, and writing a gigabyte takes seconds.
 *
 * Sizes are drawn log-uniformly, stratified (one draw per 1/n of the range, then shuffled), so a corpus
 * spans each range evenly instead of by luck:
 *   voice  2–60 s: AMR-NB 12.2 kbit/s (with some DTX frames) and, one in four, SILK v3 as WeChat sends
 *   image  30 KB–3 MB: JPEG, one in six PNG
 *   video  1–40 MB: MP4 (most take several 512 KB chunks)
 *   file   20 KB–100 MB: PDF, ZIP and Office (ZIP) documents
 * in counts proportional to `targetMB` (400/400/40/50 at 1 200 MB, about 1.3 GB in all).
 */

export const MEDIA_BENCH_CORP: { corpid: string; secret: string } = {
  corpid: 'wwbe0c000000000002',
  secret: 'MediaBenchSecret_StandIn_0123456789abcdefg',
};

/** Bumped whenever the same seed and size would give different bytes (a cached corpus is then rebuilt). */
const MEDIA_BENCH_VERSION = 1;

export type DistinctMediaKind = 'voice' | 'image' | 'video' | 'file';

export interface DistinctMediaItem {
  sdkfileid: string;
  kind: DistinctMediaKind;
  ext: string;
  md5: string;
  size: number;
  /** Voice and video. */
  durationMs?: number;
}

export interface DistinctMediaCorpus {
  root: string;
  corpid: string;
  secret: string;
  seed: number;
  targetMB: number;
  items: DistinctMediaItem[];
}

export interface DistinctMediaOptions {
  seed: number;
  /** The scale: item counts are proportional to it (1 200 gives about 1.3 GB). */
  targetMB: number;
  /** Where to keep it; default `<os.tmpdir()>/wwarchive-media-distinct-s<seed>-<targetMB>mb-v<version>`. */
  root?: string;
}

interface KindPlan {
  kind: DistinctMediaKind;
  countAt1200MB: number;
  /** Log-uniform range: bytes, or for voice seconds. */
  min: number;
  max: number;
}

const PLAN: readonly KindPlan[] = [
  { kind: 'voice', countAt1200MB: 400, min: 2, max: 60 },
  { kind: 'image', countAt1200MB: 400, min: 30 * 1024, max: 3 * 1024 * 1024 },
  { kind: 'video', countAt1200MB: 40, min: 1024 * 1024, max: 40 * 1024 * 1024 },
  { kind: 'file', countAt1200MB: 50, min: 20 * 1024, max: 100 * 1024 * 1024 },
];

const INDEX_FILE = 'distinct.json';

/** The corpus for (seed, targetMB): read from its folder when it is there and whole, else generated. */
export function distinctMediaCorpus(options: DistinctMediaOptions): DistinctMediaCorpus {
  const root =
    options.root ??
    path.join(
      tmpdir(),
      `wwarchive-media-distinct-s${options.seed}-${options.targetMB}mb-v${MEDIA_BENCH_VERSION}`,
    );
  const cached = readCached(root);
  if (cached) return cached;
  rmSync(root, { recursive: true, force: true });
  const corpus = generate(root, options.seed, options.targetMB);
  writeFileSync(path.join(root, `${INDEX_FILE}.tmp`), JSON.stringify(corpus) + '\n');
  renameSync(path.join(root, `${INDEX_FILE}.tmp`), path.join(root, INDEX_FILE));
  return corpus;
}

function readCached(root: string): DistinctMediaCorpus | null {
  const indexFile = path.join(root, INDEX_FILE);
  if (!existsSync(indexFile)) return null;
  try {
    const corpus = JSON.parse(readFileSync(indexFile, 'utf8')) as DistinctMediaCorpus;
    const tsv = readFileSync(path.join(root, corpus.corpid, 'media.tsv'), 'utf8');
    for (const line of tsv.split('\n')) {
      const [, name, , size] = line.split('\t');
      if (name === undefined || size === undefined) continue;
      if (statSync(path.join(root, 'media', name)).size !== Number(size)) return null;
    }
    return corpus;
  } catch {
    return null;
  }
}

function generate(root: string, seed: number, targetMB: number): DistinctMediaCorpus {
  const { corpid, secret } = MEDIA_BENCH_CORP;
  const prng = new Prng(`${seed}:media-distinct:${targetMB}`);
  const mediaDir = path.join(root, 'media');
  mkdirSync(mediaDir, { recursive: true });
  mkdirSync(path.join(root, corpid), { recursive: true });
  writeFileSync(path.join(root, 'corps.tsv'), formatCorpsTsv([{ corpid, secret, flags: {} }]));

  const drafts: Array<{ kind: DistinctMediaKind; value: number }> = [];
  for (const plan of PLAN) {
    const count = Math.max(1, Math.round((plan.countAt1200MB * targetMB) / 1200));
    const sizes = prng.fork(plan.kind);
    for (let i = 0; i < count; i += 1) {
      const u = (i + sizes.float()) / count;
      drafts.push({
        kind: plan.kind,
        value: Math.exp(Math.log(plan.min) + u * Math.log(plan.max / plan.min)),
      });
    }
  }
  prng.fork('order').shuffle(drafts);

  const ids = new IdFactory(corpid, prng.fork('ids'));
  const formats = prng.fork('formats');
  const items: DistinctMediaItem[] = [];
  const tsv: string[] = [];
  const unixStart = 1_717_200_000; // 2024-06-01
  drafts.forEach((draft, n) => {
    const file = synthesize(draft.kind, draft.value, formats, `${seed}:${targetMB}:${n}`);
    const written = writeMedia(mediaDir, file);
    const item: DistinctMediaItem = {
      sdkfileid: ids.sdkfileid(written.md5, unixStart + n * 97),
      kind: draft.kind,
      ext: file.ext,
      md5: written.md5,
      size: written.size,
    };
    if (file.durationMs !== undefined) item.durationMs = file.durationMs;
    items.push(item);
    tsv.push(`${item.sdkfileid}\t${written.storedName}\t${item.md5}\t${item.size}\n`);
  });
  writeFileSync(path.join(root, corpid, 'media.tsv'), tsv.join(''));
  return { root, corpid, secret, seed, targetMB, items };
}

/** A file to write: `head`, then `fill` bytes of keystream, then `tail`. */
interface SyntheticFile {
  ext: string;
  head: Buffer;
  fill: number;
  tail: Buffer;
  /** Keys the keystream. */
  key: string;
  durationMs?: number;
}

function synthesize(kind: DistinctMediaKind, value: number, prng: Prng, key: string): SyntheticFile {
  switch (kind) {
    case 'voice': {
      const durationMs = Math.round(value * 50) * 20; // 20 ms frames
      const silk = prng.chance(0.25);
      const head = silk ? silkVoice(prng, durationMs / 20) : amrVoice(prng, durationMs / 20);
      return { ext: silk ? 'silk' : 'amr', head, fill: 0, tail: Buffer.alloc(0), key, durationMs };
    }
    case 'image': {
      const size = Math.round(value);
      const [width, height] = prng.pick(IMAGE_DIMENSIONS);
      if (prng.chance(1 / 6)) {
        const head = pngHead(width, height, size);
        const tail = pngIend();
        return { ext: 'png', head, fill: size - head.length - tail.length, tail, key };
      }
      const head = jpegHead(width, height);
      return { ext: 'jpg', head, fill: size - head.length - 2, tail: Buffer.from([0xff, 0xd9]), key };
    }
    case 'video': {
      const size = Math.round(value);
      const bitsPerSecond = prng.int(2_000_000, 8_000_000);
      const durationMs = Math.max(1000, Math.round((size * 8 * 1000) / bitsPerSecond));
      const head = mp4Head(durationMs, size);
      return { ext: 'mp4', head, fill: size - head.length, tail: Buffer.alloc(0), key, durationMs };
    }
    case 'file': {
      const size = Math.round(value);
      const ext = prng.weighted<string>([
        ['pdf', 4],
        ['zip', 2],
        ['docx', 2],
        ['xlsx', 1],
        ['pptx', 1],
      ]);
      if (ext === 'pdf') {
        const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
        const tail = Buffer.from('\n%%EOF\n', 'latin1');
        return { ext, head, fill: size - head.length - tail.length, tail, key };
      }
      const head = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);
      return { ext, head, fill: size - head.length, tail: Buffer.alloc(0), key };
    }
  }
}

const IMAGE_DIMENSIONS: ReadonlyArray<readonly [number, number]> = [
  [1080, 1440],
  [1440, 1080],
  [1080, 1920],
  [1920, 1080],
  [3024, 4032],
  [4032, 3024],
  [750, 1334],
  [1170, 2532],
];

/** AMR-NB: "#!AMR\n", then 12.2 kbit/s frames (type 7, 31 bytes), about one in ten a DTX SID frame. */
function amrVoice(prng: Prng, frames: number): Buffer {
  const parts: Buffer[] = [Buffer.from('#!AMR\n', 'latin1')];
  for (let i = 0; i < frames; i += 1) {
    const type = prng.chance(0.1) ? 8 : 7;
    parts.push(Buffer.from([(type << 3) | 0x04]), prng.bytes(type === 8 ? 5 : 31));
  }
  return Buffer.concat(parts);
}

/** SILK v3 as WeChat writes it: 0x02, "#!SILK_V3", blocks of (int16 LE length, payload), 20 ms each. */
function silkVoice(prng: Prng, frames: number): Buffer {
  const parts: Buffer[] = [Buffer.from('\x02#!SILK_V3', 'latin1')];
  for (let i = 0; i < frames; i += 1) {
    const length = prng.int(30, 70);
    const header = Buffer.alloc(2);
    header.writeInt16LE(length);
    parts.push(header, prng.bytes(length));
  }
  return Buffer.concat(parts);
}

function jpegHead(width: number, height: number): Buffer {
  const app0 = [
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00,
  ];
  const sof0 = [
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
  ];
  const sos = [0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof0, ...sos]);
}

/** PNG signature, IHDR, and the header of one IDAT chunk that fills the file up to IEND. */
function pngHead(width: number, height: number, size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const idatLength = size - 8 - (12 + 13) - 12 - 12; // the IDAT's data; its CRC comes from the keystream
  const idat = Buffer.alloc(8);
  idat.writeUInt32BE(idatLength, 0);
  idat.write('IDAT', 4, 'latin1');
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    idat,
  ]);
}

function pngIend(): Buffer {
  return pngChunk('IEND', Buffer.alloc(0));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])));
  return Buffer.concat([header, data, crc]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** ftyp, moov with an mvhd of the duration (timescale 1000), and the header of an mdat to the end. */
function mp4Head(durationMs: number, size: number): Buffer {
  const ftyp = box('ftyp', Buffer.from('isom\x00\x00\x02\x00isomiso2avc1mp41', 'latin1'));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(durationMs, 16);
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  for (const [offset, value] of [
    [36, 0x00010000],
    [52, 0x00010000],
    [68, 0x40000000],
  ] as const)
    mvhd.writeUInt32BE(value, offset); // identity matrix
  mvhd.writeUInt32BE(2, 96); // next track id
  const moov = box('moov', box('mvhd', mvhd));
  const mdat = Buffer.alloc(8);
  mdat.writeUInt32BE(size - ftyp.length - moov.length, 0);
  mdat.write('mdat', 4, 'latin1');
  return Buffer.concat([ftyp, moov, mdat]);
}

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

const FILL_BLOCK = Buffer.alloc(1 << 20);

/** Writes the file content-addressed (`<sha256>.<ext>`), hashing it as it goes. */
function writeMedia(
  mediaDir: string,
  file: SyntheticFile,
): { storedName: string; md5: string; size: number } {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  const temp = path.join(mediaDir, `writing.${file.ext}.tmp`);
  const fd = openSync(temp, 'w');
  let size = 0;
  const put = (data: Buffer) => {
    for (let done = 0; done < data.length;) done += writeSync(fd, data, done);
    md5.update(data);
    sha256.update(data);
    size += data.length;
  };
  try {
    put(file.head);
    if (file.fill > 0) {
      const keystream = createCipheriv(
        'aes-256-ctr',
        createHash('sha256').update(`media-distinct:${file.key}`).digest(),
        Buffer.alloc(16),
      );
      for (let left = file.fill; left > 0; left -= FILL_BLOCK.length) {
        put(keystream.update(FILL_BLOCK.subarray(0, Math.min(left, FILL_BLOCK.length))));
      }
    }
    put(file.tail);
  } finally {
    closeSync(fd);
  }
  const storedName = `${sha256.digest('hex')}.${file.ext}`;
  renameSync(temp, path.join(mediaDir, storedName));
  return { storedName, md5: md5.digest('hex'), size };
}
