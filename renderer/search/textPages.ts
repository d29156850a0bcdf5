import { openRows, readUnopened, type ArchiveDb } from '../db';
import { keyRuns, PAGE_SIZE, pageOf, searchTables, type TextPage } from './indexStore';
import { normalizeText } from './normalize';

/** Wanted pages at most this many ids apart are read as one key range (see loadPages), unless a reader sets its own gap. */
const RANGE_GAP = 4;

interface LoadedPage {
  page: TextPage;
  /** normalizeText of each slot's text, computed on first use. */
  normalized: (string | undefined)[];
}

/**
 * The search index's visible texts, read a page (PAGE_SIZE documents, one sealed record) at a time
 * and kept in a bounded cache of pages: the search engine's verification and snippets and the
 * rules worker's matching read only the pages holding their candidates. Consecutive pages are read
 * as one key range, the rest in one bulkGet, all in one read transaction.
 */
export class TextPages {
  private readonly cache = new Map<number, LoadedPage>();

  constructor(
    private readonly db: ArchiveDb,
    /** Pages kept; the least recently loaded go first. */
    private readonly limit: number,
    /** Wanted pages at most this many ids apart are read as one key range. */
    private readonly gap = RANGE_GAP,
  ) {}

  /** Loads the pages holding `docIds` that are not in memory; those already there count as used. */
  load(docIds: Iterable<number>): Promise<void> {
    const pages = new Set<number>();
    for (const id of docIds) pages.add(pageOf(id));
    return this.loadPages([...pages]);
  }

  /** Loads pages by id (see load). */
  async loadPages(pageIds: readonly number[]): Promise<void> {
    const missing: number[] = [];
    for (const id of new Set(pageIds)) {
      const loaded = this.cache.get(id);
      if (loaded) {
        this.cache.delete(id);
        this.cache.set(id, loaded);
      } else missing.push(id);
    }
    if (missing.length === 0) return;
    const table = searchTables(this.db).texts;
    // Pages a few ids apart are read as one key range (one request; the pages between are dropped
    // unopened), the rest in one bulkGet. They are opened after the read transaction: opening inside
    // it would keep it alive by polling while WebCrypto works.
    const runs = keyRuns(missing, this.gap);
    const ranges = runs.filter(([from, to]) => to > from);
    const singles = runs.filter(([from, to]) => to === from).map(([from]) => from);
    const wanted = new Set(missing);
    const read = await readUnopened(this.db, [table], () =>
      Promise.all([
        ...ranges.map(([from, to]) => table.where('id').between(from, to, true, true).toArray()),
        singles.length > 0 ? table.bulkGet(singles) : Promise.resolve([]),
      ]),
    );
    const rows = read.flat().filter((page): page is TextPage => page !== undefined && wanted.has(page.id));
    for (const page of await openRows(this.db, table.name, rows))
      this.cache.set(page.id, { page, normalized: [] });
    while (this.cache.size > this.limit) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  /** The loaded page of a document and the document's slot in it; undefined when not loaded or not stored. */
  private at(docId: number): LoadedPage | undefined {
    return this.cache.get(pageOf(docId));
  }

  /** Whether the document's page is loaded (its texts can be read synchronously). */
  has(docId: number): boolean {
    return this.cache.has(pageOf(docId));
  }

  text(docId: number): string | undefined {
    return this.at(docId)?.page.texts[docId % PAGE_SIZE];
  }

  from(docId: number): string | undefined {
    return this.at(docId)?.page.froms[docId % PAGE_SIZE];
  }

  msgid(docId: number): string | undefined {
    return this.at(docId)?.page.msgids[docId % PAGE_SIZE];
  }

  /** The document's text as the index folds it (normalizeText), computed once per loaded page. */
  normalized(docId: number): string | undefined {
    const loaded = this.at(docId);
    if (!loaded) return undefined;
    const slot = docId % PAGE_SIZE;
    const text = loaded.page.texts[slot];
    if (text === undefined) return undefined;
    return (loaded.normalized[slot] ??= normalizeText(text));
  }

  /** Drops every page (the app lock forgot the data key, or the caller is done). */
  clear(): void {
    this.cache.clear();
  }
}
