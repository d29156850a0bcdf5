import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** A file of the bundle written in order, hashed (SHA-256) and counted as it is written. */
export class HashedFile {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private failure: Error | null = null;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file, { mode: 0o644, flags: 'wx' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Writes; resolves at once unless the stream asks to wait (backpressure). */
  async write(data: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.hash.update(buffer);
    this.bytes += buffer.length;
    if (!this.stream.write(buffer)) await once(this.stream, 'drain');
  }

  /** Closes the file; its size and SHA-256. */
  async close(): Promise<{ size: number; sha256: string }> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, 'finish');
    return { size: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Closes without caring about the result (cancel). */
  abandon(): void {
    this.stream.destroy();
  }
}

/** SHA-256 and size of a file, read in pieces. */
export async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    size += buffer.length;
  }
  return { size, sha256: hash.digest('hex') };
}
