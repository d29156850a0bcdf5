import { open } from 'node:fs/promises';
import type { StoredLocation } from './mediaRecords';

/**
 * The `size` bytes from `offset` of `file`: a whole stored object, or one file's segment of a pack. Used
 * by the media service (serving, "open with", voice decoding) and open to any reader of stored media;
 * `shortError` makes the error when the file ends before the recorded size.
 */
export async function readStoredBytes(
  location: Pick<StoredLocation, 'file' | 'offset' | 'size'>,
  shortError: () => Error,
): Promise<Buffer> {
  const handle = await open(location.file, 'r');
  try {
    const buffer = Buffer.alloc(location.size);
    let done = 0;
    while (done < location.size) {
      const { bytesRead } = await handle.read(buffer, done, location.size - done, location.offset + done);
      if (bytesRead === 0) throw shortError();
      done += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}
