import {
  readChatDays,
  readFrom,
  readUntil,
  type ArchiveDb,
  type ChatDays,
  type MessageRow,
} from '../../../db';
import { keyOf, rowsAfter, rowsBefore, rowsFromTime } from './timelineQueries';

/**
 * Rows of one chat by position, fetched in pages of PAGE rows and kept in a bounded cache. Pages are
 * read by KEY: from a neighbouring page already loaded (scrolling), else from whichever loaded page,
 * end of the chat or start of a day (the chat's day counts, db/chatDays.ts) is nearest — opening reads
 * the newest page backwards from the end; a jump skips the fewest index entries, at most about a day's
 * messages. One cache per chat and count: a new count means new positions, a new cache.
 */
export const PAGE = 60;
const MAX_PAGES = 60;
/** Rows fetched beyond the requested range, so scrolling finds the next page already there. */
const PREFETCH = PAGE / 2;
/** A read that would skip more index entries than this looks for a nearer day start first. */
export const FAR = 4 * PAGE;
/**
 * Rows read when a cache opening at the chat's end is created: about what the first frame shows (a
 * screen and the overscan above it at the rows' estimated height); the prefetch rounds it up to pages.
 */
export const OPEN_ROWS = 24;

type Read =
  | { direction: 'before' | 'after'; boundary: MessageRow | null; skip: number }
  /** From a day's start (`after`) or the next day's (`before`; null: the chat's end). */
  | { direction: 'before' | 'after'; time: number | null; skip: number };

export class MessagePageCache {
  private readonly pages = new Map<number, Array<MessageRow | undefined>>();
  private readonly loading = new Set<number>();
  private wanted: [number, number] | null = null;
  private detached = false;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  /** The chat's day counts: undefined until a far read needs them, null when none agree with `count`. */
  private days: ChatDays | null | undefined;
  private daysLoading = false;

  constructor(
    private readonly db: ArchiveDb,
    private readonly corpId: string,
    private readonly convId: string,
    readonly count: number,
    /** Called after every page that lands. */
    private readonly onPage: () => void,
    /**
     * The chat opens at its newest message: its last rows are read at once, while React still renders
     * the screen around them, instead of when the timeline first asks for rows after its commit
     * (docs/ARCHITECTURE.md §9.6). That request then finds them loaded or in flight.
     */
    options: { openAtEnd?: boolean } = {},
  ) {
    if (options.openAtEnd && count > 0) this.request(Math.max(0, count - OPEN_ROWS), count - 1);
  }

  rowAt(index: number): MessageRow | undefined {
    return this.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  }

  /** Rows `from..to` (inclusive) are about to be drawn; the latest request is the one honoured. */
  request(from: number, to: number): void {
    this.wanted = [from, Math.max(from, to)];
    this.fill();
  }

  /** Resolves once no read is in flight (tests). */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** While detached (unmounted), reads that land are dropped; attaching again resumes the last request. */
  detach(): void {
    this.detached = true;
  }

  attach(): void {
    this.detached = false;
    this.fill();
  }

  private endOf(page: number): number {
    return Math.min(this.count, (page + 1) * PAGE);
  }

  private fill(): void {
    const range = this.wanted;
    if (!range || this.count === 0 || this.detached) return;
    const lastPage = Math.floor((this.count - 1) / PAGE);
    const first = Math.max(0, Math.floor((range[0] - PREFETCH) / PAGE));
    const last = Math.min(lastPage, Math.floor((range[1] + PREFETCH) / PAGE));
    const missing = (page: number) => !this.pages.has(page) && !this.loading.has(page);
    for (let page = first; page <= last; page++) {
      if (!missing(page)) continue;
      let end = page;
      while (end + 1 <= last && missing(end + 1)) end += 1;
      this.load(page, end);
      page = end;
    }
  }

  /** The cheapest read for pages first..last, or null to wait for an adjacent page in flight. */
  private plan(first: number, last: number): Read | null {
    const after = this.pages.get(last + 1)?.[0];
    if (keyOf(after)) return { direction: 'before', boundary: after ?? null, skip: 0 };
    const before = this.pages.get(first - 1)?.at(-1);
    if (keyOf(before)) return { direction: 'after', boundary: before ?? null, skip: 0 };
    if (this.loading.has(last + 1) || this.loading.has(first - 1)) return null;
    let best: Read = { direction: 'before', boundary: null, skip: this.count - this.endOf(last) };
    if (first * PAGE < best.skip) best = { direction: 'after', boundary: null, skip: first * PAGE };
    for (const [page, rows] of this.pages) {
      if (page > last) {
        const row = rows[0];
        const skip = page * PAGE - this.endOf(last);
        if (keyOf(row) && skip < best.skip) best = { direction: 'before', boundary: row ?? null, skip };
      } else if (page < first) {
        const row = rows.at(-1);
        const skip = first * PAGE - (page + 1) * PAGE;
        if (keyOf(row) && skip < best.skip) best = { direction: 'after', boundary: row ?? null, skip };
      }
    }
    if (best.skip <= FAR) return best;
    if (this.days === undefined) {
      this.loadDays();
      return null;
    }
    if (this.days) {
      const from = readFrom(this.days, first * PAGE);
      if (from.skip < best.skip) best = { direction: 'after', time: from.fromMs, skip: from.skip };
      const until = readUntil(this.days, this.endOf(last));
      if (until.skip < best.skip) best = { direction: 'before', time: until.beforeMs, skip: until.skip };
    }
    return best;
  }

  /** Reads the chat's day counts once; reads wait for them, then go on (with or without them). */
  private loadDays(): void {
    if (this.daysLoading) return;
    this.daysLoading = true;
    this.inFlight += 1;
    readChatDays(this.db, this.corpId, this.convId)
      // Counts that disagree with this cache's count (a pull landed in between) would misplace rows.
      .then((days) => (this.days = days && days.total === this.count ? days : null))
      .catch((error: unknown) => {
        this.days = null;
        console.warn('timeline: reading the chat days failed', error);
      })
      .finally(() => this.settled());
  }

  /** A read ended: go on with the latest request; wake whoever waits for quiet. */
  private settled(): void {
    this.inFlight -= 1;
    this.fill();
    if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private load(first: number, last: number): void {
    const read = this.plan(first, last);
    if (!read) return;
    for (let page = first; page <= last; page++) this.loading.add(page);
    const size = this.endOf(last) - first * PAGE;
    const { db, corpId, convId } = this;
    let query: Promise<MessageRow[]>;
    if ('time' in read) query = rowsFromTime(read.direction, db, corpId, convId, read.time, read.skip, size);
    else {
      const boundary = keyOf(read.boundary ?? undefined);
      query =
        read.direction === 'before'
          ? rowsBefore(db, corpId, convId, boundary, read.skip, size)
          : rowsAfter(db, corpId, convId, boundary, read.skip, size);
    }
    this.inFlight += 1;
    void query
      .then((rows) => {
        if (this.detached) return;
        // A short read (the count is ahead of the index) still lands next to its boundary.
        const startAt = read.direction === 'before' ? this.endOf(last) - rows.length : first * PAGE;
        for (let page = first; page <= last; page++) {
          const slice: Array<MessageRow | undefined> = [];
          for (let position = page * PAGE; position < this.endOf(page); position++)
            slice.push(position >= startAt ? rows[position - startAt] : undefined);
          this.pages.set(page, slice);
        }
        this.evictFarFrom(first);
        this.onPage();
      })
      .catch((error: unknown) => {
        // The rows stay placeholders; a later request retries. Reported, never swallowed.
        console.warn('timeline: reading a page failed', error);
      })
      .finally(() => {
        for (let page = first; page <= last; page++) this.loading.delete(page);
        this.settled();
      });
  }

  private evictFarFrom(page: number): void {
    while (this.pages.size > MAX_PAGES) {
      let farthest = page;
      for (const key of this.pages.keys())
        if (Math.abs(key - page) > Math.abs(farthest - page)) farthest = key;
      this.pages.delete(farthest);
    }
  }
}
