import type { EvidenceMarks } from '../../../main/contract';
import type { ArchiveDb } from '../../db';
import type { Cases } from '../cases';
import { markTables, type FlagRow, type Marks, type NoteRow, type Severity } from '../review';
import type { MarksReader } from './exportRunner';

/**
 * The reviewers' marks of a page of exported messages (features/review, features/cases): flag, tags,
 * the note's current text and the cases holding the message. The marks and the cases' items are read
 * once per export (reviewers mark few messages compared with an archive) and looked up per page.
 */
export function marksReader(deps: {
  db: ArchiveDb;
  marks: Pick<Marks, 'readNote'>;
  cases: Pick<Cases, 'list'>;
  caseItems: () => Promise<ReadonlyArray<{ caseId: string; corpId: string; ref: string }>>;
  severityLabel: (severity: Severity) => string;
}): MarksReader {
  let casesByRef: Promise<Map<string, string[]>> | null = null;
  const loadCases = async () => {
    const names = new Map((await deps.cases.list()).map((row) => [row.id, row.name]));
    const byRef = new Map<string, string[]>();
    for (const item of await deps.caseItems()) {
      const key = `${item.corpId}\u0000${item.ref}`;
      byRef.set(key, [...(byRef.get(key) ?? []), names.get(item.caseId) ?? item.caseId]);
    }
    return byRef;
  };
  const tables = markTables(deps.db);
  // Marks are the reviewers' own and few next to the archive: read once per export, then looked up.
  let all: Promise<{
    flags: Map<string, FlagRow>;
    tags: Map<string, string[]>;
    notes: Map<string, NoteRow>;
  }> | null = null;
  const loadAll = async () => {
    const [flags, tags, notes] = await Promise.all([
      tables.flags.toArray(),
      tables.tags.toArray(),
      tables.notes.toArray(),
    ]);
    const key = (row: { corpId: string; msgid: string }) => `${row.corpId}\u0000${row.msgid}`;
    const tagMap = new Map<string, string[]>();
    for (const tag of tags) tagMap.set(key(tag), [...(tagMap.get(key(tag)) ?? []), tag.tag]);
    return {
      flags: new Map(flags.map((row) => [key(row), row])),
      tags: tagMap,
      notes: new Map(notes.map((row) => [key(row), row])),
    };
  };
  return async (keys) => {
    casesByRef ??= loadCases();
    all ??= loadAll();
    const [cases, marks] = await Promise.all([casesByRef, all]);
    const out = new Map<string, EvidenceMarks>();
    for (const { corpId, msgid } of keys) {
      const key = `${corpId}\u0000${msgid}`;
      const flag = marks.flags.get(key);
      const tags = marks.tags.get(key);
      const note = marks.notes.get(key);
      const inCases = cases.get(key);
      if (!flag && !tags && !note && !inCases) continue;
      const opened = note ? await deps.marks.readNote(note) : null;
      out.set(key, {
        flag: flag ? deps.severityLabel(flag.severity) : null,
        tags: tags ?? [],
        note: opened?.text ?? null,
        cases: inCases ?? [],
      });
    }
    return out;
  };
}
