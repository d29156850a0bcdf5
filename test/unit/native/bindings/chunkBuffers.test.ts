import { describe, expect, it } from 'vitest';
import { ChunkBuffers } from '../../../../native/bindings/chunkBuffers';

// Larger than Node's shared pool slices (4 KB), so every buffer has its own memory, as chunks do.
const SIZE = 16 * 1024;

describe('ChunkBuffers', () => {
  it('hands out views of the requested length and uses a buffer given back again', () => {
    const buffers = new ChunkBuffers(4, SIZE);
    const first = buffers.take(100);
    expect(first.byteLength).toBe(100);
    buffers.give(first);
    expect(buffers.idleCount).toBe(1);
    const second = buffers.take(700);
    expect(second.byteLength).toBe(700);
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteOffset).toBe(first.byteOffset);
    expect(buffers.idleCount).toBe(0);
  });

  it('never lends one buffer twice at a time', () => {
    const buffers = new ChunkBuffers(4, SIZE);
    const lent = Array.from({ length: 6 }, () => buffers.take(SIZE));
    expect(new Set(lent.map((view) => view.buffer)).size).toBe(lent.length);
    lent.forEach((view, index) => view.fill(index));
    lent.forEach((view, index) => expect(view.every((byte) => byte === index)).toBe(true));
    for (const view of lent) buffers.give(view);
    // Only `keep` idle buffers are kept.
    expect(buffers.idleCount).toBe(4);
  });

  it('ignores a view given back twice, one it never lent and one larger than its buffers', () => {
    const buffers = new ChunkBuffers(4, SIZE);
    const view = buffers.take(10);
    buffers.give(view);
    buffers.give(view);
    expect(buffers.idleCount).toBe(1);
    buffers.give(Buffer.alloc(10));
    expect(buffers.idleCount).toBe(1);
    const large = buffers.take(SIZE + 1);
    expect(large.byteLength).toBe(SIZE + 1);
    buffers.give(large);
    expect(buffers.idleCount).toBe(1);
    // The one idle buffer goes out once, then a fresh one.
    const a = buffers.take(1);
    const b = buffers.take(1);
    expect(a.buffer).not.toBe(b.buffer);
  });
});
