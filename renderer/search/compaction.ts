import type { ArchiveDb } from '../db';
import {
  allSearchTables,
  gramBucket,
  searchTables,
  type BucketRecord,
  type CompactionState,
  type SegmentRecord,
} from './indexStore';
import { decodePostings, packPostingLists } from './postingCodec';

/** Merge when this many per-batch segments wait; merge at most this many at once. */
export const COMPACT_AT = 24;
export const COMPACT_MAX = 96;

function packBucket(bucket: number, gen: number, lists: Map<string, Uint32Array[]>): BucketRecord {
  const grams = [...lists.keys()];
  // Each gram's chunks joined only when its turn comes to be encoded.
  function* merged(): Generator<Uint32Array> {
    for (const gram of grams) {
      const chunks = lists.get(gram) as Uint32Array[];
      if (chunks.length === 1) {
        yield chunks[0] as Uint32Array;
        continue;
      }
      const ids = new Uint32Array(chunks.reduce((n, c) => n + c.length, 0));
      let offset = 0;
      for (const c of chunks) {
        ids.set(c, offset);
        offset += c.length;
      }
      yield ids;
    }
  }
  const { ends, data } = packPostingLists(merged(), grams.length);
  return { bucket, gen, grams, ends, data };
}

/**
 * Merges the oldest segments into one new generation of bucket records and deletes them, in one
 * transaction, so a reader sees each document either in a segment or in the postings (readers
 * read both stores in one transaction too). Segments are in block order, so ids stay ascending.
 * Returns the number of segments merged (0 when fewer than `atLeast` wait).
 */
export async function compactSegments(
  db: ArchiveDb,
  atLeast = COMPACT_AT,
  max = COMPACT_MAX,
): Promise<number> {
  const tables = searchTables(db);
  return db.transaction('rw', allSearchTables(db), async () => {
    const waiting = await tables.segments.count();
    if (waiting === 0 || waiting < atLeast) return 0;
    const segments: SegmentRecord[] = await tables.segments.orderBy('id').limit(max).toArray();
    const state = (await tables.state.get('compaction')) as CompactionState | undefined;
    const gen = (state?.gen ?? 0) + 1;
    const buckets = new Map<number, Map<string, Uint32Array[]>>();
    for (const segment of segments) {
      let start = 0;
      segment.grams.forEach((gram, at) => {
        const end = segment.ends[at] as number;
        const bucket = gramBucket(gram);
        let lists = buckets.get(bucket);
        if (!lists) buckets.set(bucket, (lists = new Map()));
        const ids = decodePostings(segment.data, start, end);
        const chunks = lists.get(gram);
        if (chunks) chunks.push(ids);
        else lists.set(gram, [ids]);
        start = end;
      });
    }
    const records = [...buckets].map(([bucket, lists]) => packBucket(bucket, gen, lists));
    await tables.postings.bulkPut(records);
    await tables.segments.bulkDelete(segments.map((s) => s.id));
    await tables.state.put({ key: 'compaction', gen });
    return segments.length;
  });
}
