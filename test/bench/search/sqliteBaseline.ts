import { createRequire } from 'node:module';
import type { SearchFilters } from '../../../renderer/search/protocol';
import { codePoints } from '../../../renderer/search/normalize';

/**
 * The baseline: SQLite FTS5 with the trigram tokenizer (better-sqlite3, on disk), holding the same
 * normalised visible text and filter columns. Terms under 3 characters cannot use a trigram index;
 * they run as LIKE over the msgtime index, newest first, as an FTS5 trigram app would.
 */
interface Statement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  transaction<T extends unknown[]>(fn: (...args: T) => void): (...args: T) => void;
  close(): void;
}

export interface BaselineDoc {
  corp: string;
  conv: string;
  external: boolean;
  msgtype: string;
  media: boolean;
  msgtime: number;
  text: string;
}

export class SqliteBaseline {
  private readonly db: Database;
  private readonly insertMany: (docs: BaselineDoc[]) => void;
  private readonly cache = new Map<string, Statement>();

  constructor(file: string) {
    const require = createRequire(import.meta.url);
    const Sqlite = require('better-sqlite3') as new (file: string) => Database;
    this.db = new Sqlite(file);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, corp TEXT, conv TEXT, ext INTEGER, type TEXT, media INTEGER, msgtime INTEGER, text TEXT);
      CREATE INDEX IF NOT EXISTS docs_time ON docs (msgtime);
      CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (text, content = 'docs', content_rowid = 'id', tokenize = 'trigram case_sensitive 0');
    `);
    const insertDoc = this.db.prepare(
      'INSERT INTO docs (corp, conv, ext, type, media, msgtime, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFts = this.db.prepare('INSERT INTO fts (rowid, text) VALUES (last_insert_rowid(), ?)');
    this.insertMany = this.db.transaction((docs: BaselineDoc[]) => {
      for (const d of docs) {
        insertDoc.run(d.corp, d.conv, d.external ? 1 : 0, d.msgtype, d.media ? 1 : 0, d.msgtime, d.text);
        insertFts.run(d.text);
      }
    });
  }

  insert(docs: BaselineDoc[]): void {
    this.insertMany(docs);
  }

  private statement(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) this.cache.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** The first page (50 newest) for normalised terms (AND) and filters. */
  firstPage(terms: readonly string[], filters: SearchFilters, limit = 50): number[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const long = terms.filter((t) => codePoints(t).length >= 3);
    const short = terms.filter((t) => codePoints(t).length < 3);
    for (const term of short) {
      where.push(`d.text LIKE ? ESCAPE '\\'`);
      params.push(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (filters.corpIds?.length) {
      where.push(`d.corp IN (${filters.corpIds.map(() => '?').join(',')})`);
      params.push(...filters.corpIds);
    }
    if (filters.sender) where.push(`d.ext = ${filters.sender === 'external' ? 1 : 0}`);
    if (filters.fromTime !== undefined) {
      where.push('d.msgtime >= ?');
      params.push(filters.fromTime);
    }
    let sql: string;
    if (long.length > 0) {
      const match = long.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
      sql = `SELECT d.id FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?${where.map((w) => ` AND ${w}`).join('')} ORDER BY d.msgtime DESC LIMIT ${limit}`;
      params.unshift(match);
    } else {
      sql = `SELECT d.id FROM docs d${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY d.msgtime DESC LIMIT ${limit}`;
    }
    return this.statement(sql)
      .all(...params)
      .map((row) => (row as { id: number }).id);
  }

  close(): void {
    this.db.close();
  }
}
