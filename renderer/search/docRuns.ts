import type { ArchiveDb } from '../db';
import { Dictionary } from './dictionary';
import { searchTables, type DocsBlock, type DocsRun } from './indexStore';

/**
 * Runs of docs blocks (docs/ARCHITECTURE.md §9.2). Warming the search worker reads every document's
 * filter columns; one record per block made that ~2,930 IndexedDB records at 3,000,000 messages, and
 * Chromium's cost is per record far more than per byte (the same columns read as 46 records take a
 * third of the time). The worker merges each BLOCKS_PER_RUN consecutive blocks into one run record in
 * its maintenance; warming reads the runs, then the blocks after the last run.
 *
 * Blocks are written once and numbered upwards in the transaction that writes them, so a run never
 * misses a block below its last one. The runs are a cache: `readDocRuns` checks them against the
 * blocks' keys and, when they disagree (a backup copied mid-merge, an index rebuilt by a future
 * upgrade), they are dropped and built again.
 */
export const BLOCKS_PER_RUN = 64;

/** One run of consecutive blocks (ascending ids), its dictionaries the union of theirs. */
export function mergeBlocks(blocks: readonly DocsBlock[]): DocsRun {
  const first = blocks[0];
  const lastBlock = blocks.at(-1);
  if (!first || !lastBlock) throw new Error('a run holds at least one block');
  const n = blocks.reduce((sum, block) => sum + block.flags.length, 0);
  const run: DocsRun = {
    id: first.id,
    last: lastBlock.id,
    blocks: new Uint32Array(blocks.length),
    ends: new Uint32Array(blocks.length),
    corps: [],
    corp: new Uint16Array(n),
    convs: [],
    conv: new Uint32Array(n),
    types: [],
    type: new Uint16Array(n),
    msgtime: new Float64Array(n),
    flags: new Uint8Array(n),
  };
  const corps = new Dictionary();
  const convs = new Dictionary();
  const types = new Dictionary();
  let at = 0;
  blocks.forEach((block, i) => {
    if (i > 0 && block.id <= (blocks[i - 1] as DocsBlock).id)
      throw new Error('a run takes blocks in ascending order');
    const corpMap = block.corps.map((value) => corps.index(value));
    const convMap = block.convs.map((value) => convs.index(value));
    const typeMap = block.types.map((value) => types.index(value));
    const count = block.flags.length;
    for (let slot = 0; slot < count; slot += 1) {
      run.corp[at + slot] = corpMap[block.corp[slot] as number] as number;
      run.conv[at + slot] = convMap[block.conv[slot] as number] as number;
      run.type[at + slot] = typeMap[block.type[slot] as number] as number;
    }
    run.msgtime.set(block.msgtime, at);
    run.flags.set(block.flags, at);
    at += count;
    run.blocks[i] = block.id;
    run.ends[i] = at;
  });
  run.corps = corps.values;
  run.convs = convs.values;
  run.types = types.values;
  return run;
}

/**
 * Merges the next BLOCKS_PER_RUN blocks after the last run into a run, if that many exist. One
 * transaction; answers whether a run was written (the worker calls it until it answers false).
 */
export async function buildDocRun(db: ArchiveDb): Promise<boolean> {
  const { docs, runs } = searchTables(db);
  return db.transaction('rw', [docs, runs], async () => {
    const lastRun = await runs.orderBy('id').last();
    const blocks = await docs
      .where('id')
      .above(lastRun?.last ?? 0)
      .limit(BLOCKS_PER_RUN)
      .toArray();
    if (blocks.length < BLOCKS_PER_RUN) return false;
    await runs.put(mergeBlocks(blocks));
    return true;
  });
}

/**
 * The runs, checked against the docs blocks' keys up to the last run: the blocks they hold must be
 * exactly the blocks stored. When they are not, the runs are dropped (the worker builds them again)
 * and none is answered, so the caller reads the blocks themselves.
 */
export async function readDocRuns(db: ArchiveDb): Promise<DocsRun[]> {
  const { docs, runs } = searchTables(db);
  const [stored, keys] = await db.transaction('r', [docs, runs], async () => {
    const all = await runs.orderBy('id').toArray();
    const last = all.at(-1);
    const blockKeys = last
      ? ((await docs.where('id').belowOrEqual(last.last).primaryKeys()) as number[])
      : [];
    return [all, blockKeys] as const;
  });
  if (stored.length === 0) return [];
  let at = 0;
  let consistent = true;
  for (const run of stored) {
    for (const block of run.blocks) {
      if (keys[at] !== block) consistent = false;
      at += 1;
    }
  }
  if (consistent && at === keys.length) return stored;
  console.warn(
    `[search] ${stored.length} docs runs disagree with the docs blocks: dropped, to be built again`,
  );
  await runs.clear();
  return [];
}
