import type { ArchiveDb } from '../db';
import { BLOCK_SIZE, pageOf, searchTables, type DocsBlock } from '../search/indexStore';
import { TextPages } from '../search/textPages';
import { yieldTask } from '../lib/yieldTask';
import { normalizeText } from '../search/normalize';
import { intersect, union } from '../search/postingCodec';
import { blockPages, IndexReader, type Candidates } from './indexReader';
import { compileRule, inScope, matchText, type CompiledRule } from './matcher';
import type { Rule, Severity } from './model';
import { RuleSet } from './ruleSet';
import { readDigests, type StoredDigests } from './alertDigests';
import { dropStaleReasons, listRules, mergeFound, readChecked, type FoundMessage } from './ruleStore';
import { foldTerm } from './matcher';

/**
 * The rules worker's work (issue 12), plain async code over ArchiveDb so unit tests and the
 * benchmark drive it directly:
 *
 * - **retroactive run**: a rule's candidates come from the search index's gram postings (every
 *   lookup gram of a term; proximity words intersected), then only the candidate documents' texts
 *   are read and matched in full. Regex and ID/card patterns cannot be narrowed by grams and read
 *   every text in scope; mobiles (a "13"…"19" bigram), e-mail ("@") and URLs to given domains can.
 * - **incremental check**: each block the ingest wrote since the last check (the search index's
 *   blocks are the ingest batches) is matched against every enabled rule, after the batch was
 *   committed and off the UI thread, so the pull never waits for it.
 * - **preview**: the editor's live count and first hits for an unsaved rule, the same code path.
 */

export interface RunProgress {
  done: number;
  total: number;
  msgsPerSec: number;
  etaMs: number;
  found: number;
}

export interface RunOptions {
  onProgress?: (progress: RunProgress) => void;
  isCancelled?: () => boolean;
  /** Progress reports at most this often (ms). */
  progressEveryMs?: number;
  /** Called after each stretch of blocks was matched (the retroactive run writes what it found meanwhile). */
  afterStretch?: () => void;
}

export interface RunResult {
  cancelled: boolean;
  messages: number;
  found: number;
  ms: number;
  /** Where the time went (ms), and how much the index ruled out: for the benchmark and diagnostics. */
  phases?: RunPhases;
}

export interface RunPhases {
  /** Posting lookups: every rule's candidate documents. */
  candidatesMs: number;
  /** Waiting for the candidates' text pages (read and opened while the stretch before is matched). */
  readMs: number;
  /** Matching candidates in full. */
  matchMs: number;
  /** Waiting, after matching, for the alerts' writes and for dropping reasons no longer given. */
  writeMs: number;
  /** Of writeMs: dropping the reasons the run no longer gives. */
  dropMs: number;
  /** Reading the replaced rules' digests (alertDigests.ts) at the first write, and rebuilding any that disagreed. */
  storedMs: number;
  /** Reading and compiling the rules before the walk. */
  setupMs: number;
  /** Between stretches: progress reports and other tasks let in (cancel, requests, the worker's poll). */
  yieldMs: number;
  /** Candidate (document, rule) pairs matched in full. */
  candidatePairs: number;
  /** Text pages read (PAGE_SIZE documents each) and the blocks walked. */
  pagesRead: number;
  blocks: number;
}

export type PreviewHit = FoundMessage;

export interface PreviewResult {
  count: number;
  hits: PreviewHit[];
  /** Documents whose texts were read (the rest were ruled out by the index). */
  candidates: number;
  messages: number;
}

const MOBILE_GRAMS = ['13', '14', '15', '16', '17', '18', '19'];

/**
 * The terms a rule's candidates are looked up by: a term that contains another of the rule's terms
 * (回扣的事 and 回扣) adds no candidates the shorter one does not bring, so only the shortest are
 * looked up (each lookup reads posting records); every term is still matched in full.
 */
function lookupTerms(terms: readonly string[]): string[] {
  const shortestFirst = [...terms].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const term of shortestFirst) if (!kept.some((shorter) => term.includes(shorter))) kept.push(term);
  return kept;
}

/** The folded words a rule's candidates are looked up by; null when grams cannot narrow it (regex, IDs, cards, any URL). */
function lookupWords(compiled: CompiledRule): string[] | null {
  const patterns = compiled.patterns;
  if (compiled.regex || patterns.includes('idcard') || patterns.includes('bankcard')) return null;
  const domains = patterns.includes('url')
    ? compiled.rule.urlDomains.map(foldTerm).filter((d) => d !== '')
    : [];
  if (patterns.includes('url') && domains.length === 0) return null;
  return [
    ...lookupTerms(compiled.terms),
    ...compiled.proximity.flatMap((p) => [p.a, p.b]),
    ...domains,
    ...(patterns.includes('email') ? ['@'] : []),
  ];
}

/**
 * The documents that may match each rule, from the index: one posting lookup for every word of
 * every rule together (a term's lookup grams intersected; proximity words intersected pairwise).
 */
export async function ruleCandidates(
  compiled: readonly CompiledRule[],
  reader: IndexReader,
): Promise<Candidates[]> {
  const words = new Set<string>();
  for (const rule of compiled) for (const word of lookupWords(rule) ?? []) words.add(word);
  const byWord = await reader.wordCandidates([...words]);
  const mobile = compiled.some((c) => c.patterns.includes('mobile'))
    ? await reader.postings(MOBILE_GRAMS)
    : null;
  const none = new Uint32Array(0);
  return compiled.map((rule): Candidates => {
    if (lookupWords(rule) === null) return 'all';
    const lists: Uint32Array[] = lookupTerms(rule.terms).map((term) => byWord.get(term) ?? none);
    for (const p of rule.proximity) lists.push(intersect(byWord.get(p.a) ?? none, byWord.get(p.b) ?? none));
    if (rule.patterns.includes('url'))
      for (const d of rule.rule.urlDomains.map(foldTerm)) lists.push(byWord.get(d) ?? none);
    if (rule.patterns.includes('email')) lists.push(byWord.get('@') ?? none);
    if (rule.patterns.includes('mobile') && mobile) lists.push(...mobile.values());
    return union(lists);
  });
}

/** A rule's candidates within one block: the slots to read. */
class BlockCursor {
  private at = 0;
  constructor(private readonly ids: Candidates) {}
  /** Slots of block `id` (ascending); 'all' for every slot. Blocks must be asked in ascending order. */
  slots(id: number): number[] | 'all' {
    if (this.ids === 'all') return 'all';
    const from = id * BLOCK_SIZE;
    const to = from + BLOCK_SIZE;
    const out: number[] = [];
    while (this.at < this.ids.length && (this.ids[this.at] as number) < from) this.at += 1;
    while (this.at < this.ids.length && (this.ids[this.at] as number) < to) {
      out.push((this.ids[this.at] as number) - from);
      this.at += 1;
    }
    return out;
  }
}

function foundOf(
  reader: IndexReader,
  texts: TextPages,
  docs: DocsBlock,
  slot: number,
): Omit<FoundMessage, 'hits'> {
  const docId = docs.id * BLOCK_SIZE + slot;
  const from = texts.from(docId) ?? '';
  const context = reader.context(docs, slot, from);
  return {
    corpId: context.corpId,
    msgid: texts.msgid(docId) ?? '',
    convId: docs.convs[docs.conv[slot] as number] ?? '',
    from,
    msgtype: context.msgtype,
    msgtime: docs.msgtime[slot] as number,
    external: context.external,
    text: texts.text(docId) ?? '',
  };
}

const newPhases = (): RunPhases => ({
  candidatesMs: 0,
  readMs: 0,
  matchMs: 0,
  writeMs: 0,
  dropMs: 0,
  storedMs: 0,
  setupMs: 0,
  yieldMs: 0,
  candidatePairs: 0,
  pagesRead: 0,
  blocks: 0,
});

/** Stretches whose text pages are being read while the walk matches the one before them. */
const READ_AHEAD = 6;

/**
 * The walk reads only consecutive wanted pages as one key range, the rest by key: about one page in
 * four holds a candidate, and reading the pages between unopened cost more than it saved (docs/rules.md §5).
 */
const PAGE_GAP = 1;

/** The retroactive run writes its alerts in batches of at least this many messages. */
const WRITE_EVERY = 256;

const severityMap = (rules: readonly Rule[]) =>
  new Map<string, Severity>(rules.map((r) => [r.id, r.severity]));

export class RuleRunner {
  readonly reader: IndexReader;

  constructor(private readonly db: ArchiveDb) {
    this.reader = new IndexReader(db);
  }

  /**
   * Walks the index's blocks, reading only those with candidates, and calls `visit` with every
   * candidate document's hits per rule. Answers the number of documents covered.
   */
  private async walk(
    compiled: readonly CompiledRule[],
    visit: (
      docs: DocsBlock,
      texts: TextPages,
      slot: number,
      rule: CompiledRule,
      normalized: string,
    ) => boolean | void,
    options: RunOptions = {},
    counters = { found: 0 },
    phases: RunPhases = newPhases(),
  ): Promise<{ messages: number; cancelled: boolean }> {
    let mark = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - mark;
      mark = now;
      return ms;
    };
    // Chat kinds (only when a rule is scoped by them: the conversation list is a read of its own), the
    // blocks' ids and the postings are independent reads: all at once. The blocks themselves (filter
    // columns) are read stretch by stretch with their text pages, off the walk's critical path.
    const [, ids, candidates] = await Promise.all([
      compiled.some((c) => (c.rule.scope.chatKinds?.length ?? 0) > 0)
        ? this.reader.loadChatKinds()
        : Promise.resolve(),
      this.reader.blockIds(),
      ruleCandidates(compiled, this.reader),
    ]);
    phases.blocks = ids.length;
    phases.candidatesMs += lap();
    const cursors = candidates.map((ids) => new BlockCursor(ids));
    const started = performance.now();
    let lastReport = -Infinity;
    let done = 0;
    let walked = 0;
    const every = options.progressEveryMs ?? 100;
    // The total is known once every block was read: until then the blocks not read yet count as many
    // messages as those read did on average (an ingest batch's block is full but for its last).
    const total = () => done + (ids.length - walked) * (walked > 0 ? done / walked : BLOCK_SIZE);
    const report = (force: boolean) => {
      const now = performance.now();
      if (!options.onProgress || (!force && now - lastReport < every)) return;
      lastReport = now;
      const rate = done / Math.max(1e-3, (now - started) / 1000);
      const expected = Math.round(total());
      options.onProgress({
        done,
        total: expected,
        msgsPerSec: Math.round(rate),
        etaMs: rate > 0 ? Math.round(((expected - done) / rate) * 1000) : 0,
        found: counters.found,
      });
    };
    report(true);
    const STRETCH = 16;
    // Each stretch's text pages (only those holding a candidate) are read while the stretches before
    // are matched: READ_AHEAD reads in flight, so IndexedDB (the browser process) reads one stretch
    // while WebCrypto opens another and this thread matches a third.
    const plan = (from: number) => {
      const stretchIds = ids.slice(from, from + STRETCH);
      const plans = stretchIds.map((id) => cursors.map((cursor) => cursor.slots(id)));
      const pages = new Set<number>();
      stretchIds.forEach((id, at) => {
        for (const slots of plans[at] as (number[] | 'all')[]) {
          if (slots === 'all') for (const page of blockPages(id)) pages.add(page);
          else for (const slot of slots) pages.add(pageOf(id * BLOCK_SIZE + slot));
        }
      });
      phases.pagesRead += pages.size;
      const texts = new TextPages(this.db, Infinity, PAGE_GAP);
      const reading = Promise.all([this.reader.blocksOf(stretchIds), texts.loadPages([...pages])]);
      // Read errors surface where the stretch is awaited (below), not as unhandled rejections.
      reading.catch(() => undefined);
      return { stretchIds, plans, texts, reading };
    };
    const ahead: ReturnType<typeof plan>[] = [];
    let planned = 0;
    const readAhead = () => {
      for (; ahead.length < READ_AHEAD && planned < ids.length; planned += STRETCH) ahead.push(plan(planned));
    };
    readAhead();
    for (let next = ahead.shift(); next !== undefined; next = ahead.shift()) {
      const { stretchIds, plans, texts, reading } = next;
      if (options.isCancelled?.()) return { messages: done, cancelled: true };
      lap();
      const [stretch] = await reading;
      phases.readMs += lap();
      readAhead();
      walked += stretchIds.length;
      stretch.forEach((block, at) => {
        if (!block) return;
        done += block.flags.length;
        const base = block.id * BLOCK_SIZE;
        (plans[at] as (number[] | 'all')[]).forEach((slots, r) => {
          const rule = compiled[r] as CompiledRule;
          const list = slots === 'all' ? Array.from({ length: block.flags.length }, (_, s) => s) : slots;
          for (const slot of list) {
            const from = texts.from(base + slot);
            if (from === undefined) continue;
            if (!inScope(rule.rule.scope, this.reader.context(block, slot, from))) continue;
            phases.candidatePairs += 1;
            visit(block, texts, slot, rule, texts.normalized(base + slot) ?? '');
          }
        });
      });
      options.afterStretch?.();
      phases.matchMs += lap();
      report(false);
      // Let cancel and other requests in between stretches (without the nested-timer clamp).
      await yieldTask();
      phases.yieldMs += lap();
    }
    report(true);
    return { messages: done, cancelled: false };
  }

  /** Runs rules over every indexed message and writes their alerts (replacing their earlier reasons). */
  async retroactive(ruleIds: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const all = await listRules(this.db);
    const rules = all.filter((rule) => ruleIds.includes(rule.id) && rule.enabled);
    const compiled = rules.map(compileRule);
    const severities = severityMap(all);
    const replacing = new Set(ruleIds);
    const foundKeys = new Set<string>();
    const counters = { found: 0 };
    const phases = newPhases();
    phases.setupMs = performance.now() - started;
    let pending = new Map<string, FoundMessage>();
    // These rules' digests of their stored alerts, for the comparisons below (alertDigests.ts): read
    // once, when the first found messages are written (not beside the candidates' lookups, which the
    // walk waits for).
    let stored: Promise<StoredDigests> | null = null;
    const storedDigests = () => {
      if (stored) return stored;
      const from = performance.now();
      stored = readDigests(this.db, replacing, severities).then((digests) => {
        phases.storedMs = performance.now() - from;
        return digests;
      });
      return stored;
    };
    // Found messages are written while the walk goes on, one write after the other (a message found
    // again later, a re-indexed copy, replaces what its earlier copy gave these rules).
    let writes: Promise<unknown> = Promise.resolve();
    const flush = (atLeast: number) => {
      if (pending.size === 0 || pending.size < atLeast) return;
      const batch = [...pending.values()];
      pending = new Map();
      writes = writes.then(async () =>
        mergeFound(this.db, batch, severities, replacing, Date.now(), undefined, await storedDigests()),
      );
      // A failed write is reported where `writes` is awaited, after the walk.
      writes.catch(() => undefined);
    };
    const result = await this.walk(
      compiled,
      (docs, texts, slot, rule, normalized) => {
        const docId = docs.id * BLOCK_SIZE + slot;
        const hits = matchText(rule, texts.text(docId) ?? '', normalized);
        if (hits.length === 0) return;
        const key = `${docs.corps[docs.corp[slot] as number] ?? ''}\u0000${texts.msgid(docId) ?? ''}`;
        if (!foundKeys.has(key)) counters.found += 1;
        foundKeys.add(key);
        const seen = pending.get(key);
        if (seen) seen.hits.push(...hits);
        else pending.set(key, { ...foundOf(this.reader, texts, docs, slot), hits });
      },
      { ...options, afterStretch: () => flush(WRITE_EVERY) },
      counters,
      phases,
    );
    const writing = performance.now();
    flush(0);
    await writes;
    // A rule that was disabled or deleted meanwhile, or this one's earlier reasons it no longer gives.
    const dropping = performance.now();
    if (!result.cancelled)
      await dropStaleReasons(this.db, replacing, foundKeys, (await storedDigests()).keys, severities);
    phases.dropMs = performance.now() - dropping;
    phases.writeMs += performance.now() - writing;
    return {
      cancelled: result.cancelled,
      messages: result.messages,
      found: counters.found,
      ms: performance.now() - started,
      phases,
    };
  }

  /** The live count and the first (newest) `limit` hits of an unsaved rule; writes nothing. */
  async preview(rule: Rule, limit = 20, isCancelled?: () => boolean): Promise<PreviewResult> {
    const compiled = compileRule(rule);
    let count = 0;
    let candidates = 0;
    const newest: PreviewHit[] = [];
    const result = await this.walk(
      [compiled],
      (docs, texts, slot, r, normalized) => {
        candidates += 1;
        const hits = matchText(r, texts.text(docs.id * BLOCK_SIZE + slot) ?? '', normalized);
        if (hits.length === 0) return;
        count += 1;
        newest.push({ ...foundOf(this.reader, texts, docs, slot), hits });
        if (newest.length > limit * 4) {
          newest.sort((a, b) => b.msgtime - a.msgtime);
          newest.length = limit;
        }
      },
      isCancelled ? { isCancelled } : {},
    );
    newest.sort((a, b) => b.msgtime - a.msgtime);
    return { count, hits: newest.slice(0, limit), candidates, messages: result.messages };
  }

  /**
   * Checks the blocks ingest wrote since the last check against every enabled rule and records
   * their alerts. Answers the messages checked (0 when up to date).
   */
  async checkNew(maxBlocks = 32): Promise<number> {
    const after = await readChecked(this.db);
    const texts = new TextPages(this.db, Infinity);
    const blocks = await this.reader.blocksAfter(after, maxBlocks, texts);
    if (blocks.length === 0) return 0;
    const rules = await listRules(this.db);
    const set = new RuleSet(rules);
    const found: FoundMessage[] = [];
    let checked = 0;
    if (set.size > 0) {
      await this.reader.loadChatKindsOf(blocks);
      for (const docs of blocks) {
        for (let slot = 0; slot < docs.flags.length; slot += 1) {
          const docId = docs.id * BLOCK_SIZE + slot;
          const from = texts.from(docId);
          if (from === undefined) continue;
          const source = texts.text(docId) ?? '';
          const hits = set.match(this.reader.context(docs, slot, from), source, normalizeText(source));
          if (hits.length > 0) found.push({ ...foundOf(this.reader, texts, docs, slot), hits });
        }
      }
    }
    for (const docs of blocks) checked += docs.flags.length;
    // The alerts and the progress past these blocks in one transaction: a crash repeats the check, never skips it.
    await mergeFound(
      this.db,
      found,
      severityMap(rules),
      null,
      Date.now(),
      Math.max(...blocks.map((b) => b.id)),
    );
    return checked;
  }

  /** Whether blocks written by ingest wait for the incremental check, and the newest block's id. */
  async backlog(): Promise<{ checked: number; last: number }> {
    const last = (await searchTables(this.db).docs.orderBy('id').lastKey()) as number | undefined;
    return { checked: await readChecked(this.db), last: last ?? 0 };
  }
}
