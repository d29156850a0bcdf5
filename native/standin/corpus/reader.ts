import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusRecord } from './types';
import { MESSAGES_MAGIC, RECORD_HEADER_BYTES } from './writer';

/** Streams `<root>/<corpid>/messages.bin` record by record (CORPUS-FORMAT.md), reading 1 MB at a time. */
export async function* readCorpusRecords(root: string, corpid: string): AsyncIterable<CorpusRecord> {
  const handle = await open(path.join(root, corpid, 'messages.bin'), 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let pending = Buffer.alloc(0);
    let position = 0;
    let sawMagic = false;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      position += bytesRead;
      pending =
        pending.length === 0
          ? Buffer.from(chunk.subarray(0, bytesRead))
          : Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
      let offset = 0;
      if (!sawMagic) {
        if (pending.length < MESSAGES_MAGIC.length) {
          if (bytesRead === 0) throw new Error('messages.bin is shorter than its magic');
          continue;
        }
        if (pending.toString('latin1', 0, MESSAGES_MAGIC.length) !== MESSAGES_MAGIC)
          throw new Error('messages.bin has a bad magic');
        sawMagic = true;
        offset = MESSAGES_MAGIC.length;
      }
      while (offset + RECORD_HEADER_BYTES <= pending.length) {
        const msgidLength = pending.readUInt32LE(offset + 12);
        const bodyLength = pending.readUInt32LE(offset + 16);
        const end = offset + RECORD_HEADER_BYTES + msgidLength + bodyLength;
        if (end > pending.length) break;
        const msgidStart = offset + RECORD_HEADER_BYTES;
        yield {
          seq: pending.readBigUInt64LE(offset),
          publickeyVer: pending.readUInt32LE(offset + 8),
          msgid: pending.toString('latin1', msgidStart, msgidStart + msgidLength),
          body: Buffer.from(pending.subarray(msgidStart + msgidLength, end)),
        };
        offset = end;
      }
      pending = pending.subarray(offset);
      if (bytesRead === 0) {
        if (pending.length > 0)
          throw new Error(`messages.bin ends inside a record (${pending.length} stray bytes)`);
        return;
      }
    }
  } finally {
    await handle.close();
  }
}

export interface MediaIndexEntry {
  /** Absolute path of the media file. */
  file: string;
  md5: string;
  size: number;
}

/** `<root>/<corpid>/media.tsv` as sdkfileid → entry. */
export async function readMediaIndex(root: string, corpid: string): Promise<Map<string, MediaIndexEntry>> {
  const text = await readFile(path.join(root, corpid, 'media.tsv'), 'utf8');
  const index = new Map<string, MediaIndexEntry>();
  const mediaDir = path.resolve(root, 'media');
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [sdkfileid, name, md5, size] = line.split('\t');
    if (sdkfileid === undefined || name === undefined || md5 === undefined || size === undefined)
      throw new Error(`bad media.tsv line: ${line}`);
    index.set(sdkfileid, { file: path.join(mediaDir, name), md5, size: Number(size) });
  }
  return index;
}

export async function readPrivateKeyPem(root: string, corpid: string, version: number): Promise<string> {
  return readFile(path.join(root, corpid, 'keys', `pri_v${version}.pem`), 'utf8');
}
