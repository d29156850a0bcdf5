import { describe, expect, it } from 'vitest';
import { PrefetchingChunkSource } from '../../../../native/host/chunkPrefetch';
import type { ChunkSource } from '../../../../native/host/mediaFileWriter';
import type { MediaChunkToFileParams } from '../../../../native/host/protocol';

/** A file of `chunks` chunks of 4 bytes: indexbuf "" then "r1", "r2"…; records every call. */
function fakeSdk(chunks: number, failOnce: Set<string> = new Set()) {
  const calls: string[] = [];
  const source: ChunkSource = {
    fetch: async (params) => {
      calls.push(`${params.sdkfileid}@${params.indexbuf}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      const key = `${params.sdkfileid}@${params.indexbuf}`;
      if (failOnce.delete(key)) throw new Error(`network error on ${key}`);
      const at = params.indexbuf === '' ? 0 : Number(params.indexbuf.slice(1));
      const isFinish = at === chunks - 1;
      return { data: new Uint8Array(4).fill(at), outIndexBuf: isFinish ? '' : `r${at + 1}`, isFinish };
    },
    compare: async () => ({ length: 4, same: true, outIndexBuf: '', isFinish: true }),
  };
  return { calls, source };
}

const ask = (sdkfileid: string, indexbuf: string, extra: Partial<MediaChunkToFileParams> = {}) =>
  ({
    sdkfileid,
    indexbuf,
    proxy: '',
    passwd: '',
    timeout: 5,
    file: '/tmp/x.part',
    offset: 0,
    ...extra,
  }) as MediaChunkToFileParams;

describe('PrefetchingChunkSource', () => {
  it('answers each chunk of a file from the call started when the chunk before it returned', async () => {
    const { calls, source } = fakeSdk(3);
    const chunks = new PrefetchingChunkSource(source);
    const first = await chunks.fetch(ask('f', ''));
    // The next call is on its way before main asks for it.
    expect(calls).toEqual(['f@', 'f@r1']);
    const second = await chunks.fetch(ask('f', first.outIndexBuf));
    const third = await chunks.fetch(ask('f', second.outIndexBuf));
    expect([first, second, third].map((c) => c.data[0])).toEqual([0, 1, 2]);
    expect(third.isFinish).toBe(true);
    // One call per chunk, none after the last.
    expect(calls).toEqual(['f@', 'f@r1', 'f@r2']);
    expect(chunks.size).toBe(0);
  });

  it('makes its own call when main asks for something else, and drops the chunk fetched ahead', async () => {
    const { calls, source } = fakeSdk(3);
    const chunks = new PrefetchingChunkSource(source);
    await chunks.fetch(ask('f', ''));
    // Main starts the file again (a whole-file retry): not the call fetched ahead.
    const again = await chunks.fetch(ask('f', ''));
    expect(again.data[0]).toBe(0);
    expect(calls).toEqual(['f@', 'f@r1', 'f@', 'f@r1']);
    // Other network settings are another call too.
    const viaProxy = await chunks.fetch(ask('f', 'r1', { proxy: 'http://proxy.example:3128' }));
    expect(viaProxy.data[0]).toBe(1);
    expect(calls.slice(4)).toEqual(['f@r1', 'f@r2']);
  });

  it('does not answer with a call fetched ahead that failed: the request is made again', async () => {
    const { calls, source } = fakeSdk(2, new Set(['f@r1']));
    const chunks = new PrefetchingChunkSource(source);
    await chunks.fetch(ask('f', ''));
    const second = await chunks.fetch(ask('f', 'r1'));
    expect(second).toMatchObject({ isFinish: true });
    expect(second.data[0]).toBe(1);
    expect(calls).toEqual(['f@', 'f@r1', 'f@r1']);
  });

  it('drops chunks not asked for within a minute, or beyond 16 files, and all of them on clear', async () => {
    let now = 0;
    const { calls, source } = fakeSdk(3);
    const chunks = new PrefetchingChunkSource(source, () => now);
    await chunks.fetch(ask('old', ''));
    now = 61_000;
    await chunks.fetch(ask('old', 'r1'));
    expect(calls).toEqual(['old@', 'old@r1', 'old@r1', 'old@r2']);
    for (let file = 0; file < 20; file += 1) await chunks.fetch(ask(`f${file}`, ''));
    expect(chunks.size).toBe(16);
    chunks.clear();
    expect(chunks.size).toBe(0);
    const before = calls.length;
    await chunks.fetch(ask('f19', 'r1'));
    expect(calls.slice(before)).toEqual(['f19@r1', 'f19@r2']);
  });

  it('compares chunk by chunk without fetching ahead', async () => {
    const { calls, source } = fakeSdk(3);
    const chunks = new PrefetchingChunkSource(source);
    await chunks.fetch(ask('f', ''));
    await chunks.compare(ask('f', 'r1'), () => null);
    expect(chunks.size).toBe(0);
    expect(calls).toEqual(['f@', 'f@r1']);
  });
});
