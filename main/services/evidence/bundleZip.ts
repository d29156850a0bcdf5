import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * The optional `.zip` of an evidence bundle (issue 13, docs/evidence.md §1): the finished folder's files,
 * byte for byte, under one top folder named like the bundle, so unpacking it gives back the folder that
 * `sha256sum -c` and `npm run verify-evidence` check. Plain ZIP (no ZIP64): text files deflated, media
 * stored as they are (already compressed); sizes and CRC-32 follow each entry in a data descriptor, so
 * every file is read once, in pieces. A bundle over 4 GiB or 65 535 files is refused with a clear error
 * (the folder itself stays complete).
 */

const LIMIT = 0xffff_ffff;
/** What is worth deflating; everything else (media) is stored. */
const DEFLATED = /\.(html|csv|jsonl|json|txt|pub)$|(^|\/)SHA256SUMS$/;

export class ZipTooLarge extends Error {
  constructor(what: string) {
    super(
      `The bundle is too large for a plain .zip (${what}); the folder is complete and can be copied as it is.`,
    );
    this.name = 'ZipTooLarge';
  }
}

interface Entry {
  name: Buffer;
  method: 0 | 8;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** MS-DOS date and time of `ms` (local fields of UTC, as zip tools print them). */
function dosTime(ms: number): { time: number; date: number } {
  const at = new Date(ms);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date:
      ((Math.max(1980, at.getUTCFullYear()) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/**
 * Writes `files` (paths relative to `folder`, '/'-separated) into `zipFile` under `top/`. Stops with the
 * signal's reason when it is aborted; the caller removes a partial file.
 */
export async function zipBundle(
  folder: string,
  files: readonly string[],
  zipFile: string,
  top: string,
  createdAtMs: number,
  signal: AbortSignal,
): Promise<{ size: number }> {
  if (files.length > 0xffff) throw new ZipTooLarge(`${files.length} files`);
  const out = createWriteStream(zipFile, { flags: 'wx', mode: 0o644 });
  let offset = 0;
  const write = async (data: Buffer) => {
    offset += data.length;
    if (!out.write(data)) await once(out, 'drain');
  };
  const { time, date } = dosTime(createdAtMs);
  const entries: Entry[] = [];
  try {
    for (const file of files) {
      signal.throwIfAborted();
      const name = Buffer.from(`${top}/${file}`, 'utf8');
      const method = DEFLATED.test(file) ? 8 : 0;
      const entry: Entry = { name, method, crc: 0, compressed: 0, size: 0, offset };
      if (offset > LIMIT) throw new ZipTooLarge('over 4 GiB');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed: 2.0
      local.writeUInt16LE(0x0808, 6); // bit 3: sizes in the data descriptor; bit 11: UTF-8 names
      local.writeUInt16LE(method, 8);
      local.writeUInt16LE(time, 10);
      local.writeUInt16LE(date, 12);
      local.writeUInt16LE(name.length, 26);
      await write(Buffer.concat([local, name]));
      // The original bytes: CRC-32 and size; then stored or deflated into the zip.
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          entry.crc = crc32(chunk, entry.crc);
          entry.size += chunk.length;
          done(null, chunk);
        },
      });
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          entry.compressed += chunk.length;
          write(chunk).then(() => done(), done);
        },
      });
      const source = createReadStream(path.join(folder, file));
      if (method === 8) await pipeline(source, measure, createDeflateRaw({ level: 6 }), sink, { signal });
      else await pipeline(source, measure, sink, { signal });
      if (entry.size > LIMIT || entry.compressed > LIMIT) throw new ZipTooLarge(`${file} is over 4 GiB`);
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(entry.crc >>> 0, 4);
      descriptor.writeUInt32LE(entry.compressed, 8);
      descriptor.writeUInt32LE(entry.size, 12);
      await write(descriptor);
      entries.push(entry);
    }
    const directoryStart = offset;
    for (const entry of entries) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(0x0808, 8);
      central.writeUInt16LE(entry.method, 10);
      central.writeUInt16LE(time, 12);
      central.writeUInt16LE(date, 14);
      central.writeUInt32LE(entry.crc >>> 0, 16);
      central.writeUInt32LE(entry.compressed, 20);
      central.writeUInt32LE(entry.size, 24);
      central.writeUInt16LE(entry.name.length, 28);
      central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
      central.writeUInt32LE(entry.offset, 42);
      await write(Buffer.concat([central, entry.name]));
    }
    const directorySize = offset - directoryStart;
    if (offset > LIMIT) throw new ZipTooLarge('over 4 GiB');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directorySize, 12);
    end.writeUInt32LE(directoryStart, 16);
    await write(end);
    out.end();
    await once(out, 'finish');
    return { size: offset };
  } catch (error) {
    out.destroy();
    throw error;
  }
}
