import type { EvidenceMarks } from '../../../main/contract';
import type { ArchiveDb } from '../../db';
import type { Cases } from '../cases';
import { markTables, type Marks, type Severity } from '../review';
import type { MarksReader } from './exportRunner';

/**
 * The reviewers' marks of a page of exported messages (features/review, features/cases): flag, tags,
 * the note's current text and the cases holding the message. Read in bulk per page; the cases' items
 * are read once per export (a case holds few items compared with an archive).
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
  return async (keys) => {
    casesByRef ??= loadCases();
    const cases = await casesByRef;
    const pairs = keys.map((key) => [key.corpId, key.msgid] as [string, string]);
    const [flags, notes, tags] = await Promise.all([
      tables.flags.bulkGet(pairs),
      tables.notes.bulkGet(pairs),
      tables.tags.where('[corpId+msgid]').anyOf(pairs).toArray(),
    ]);
    const out = new Map<string, EvidenceMarks>();
    const entry = (corpId: string, msgid: string): EvidenceMarks => {
      const key = `${corpId}\u0000${msgid}`;
      let marks = out.get(key);
      if (!marks) {
        marks = { flag: null, tags: [], note: null, cases: [] };
        out.set(key, marks);
      }
      return marks;
    };
    for (const flag of flags)
      if (flag) entry(flag.corpId, flag.msgid).flag = deps.severityLabel(flag.severity);
    for (const tag of tags) entry(tag.corpId, tag.msgid).tags.push(tag.tag);
    for (const note of notes) {
      if (!note) continue;
      const opened = await deps.marks.readNote(note);
      if (opened) entry(note.corpId, note.msgid).note = opened.text;
    }
    for (const key of keys) {
      const names = cases.get(`${key.corpId}\u0000${key.msgid}`);
      if (names) entry(key.corpId, key.msgid).cases = names;
    }
    return out;
  };
}
