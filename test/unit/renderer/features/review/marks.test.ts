import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../../main/common/audit/auditChain';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ArchiveDb, commitBatch } from '../../../../../renderer/db';
import { DataKeyHolder, importDataKey, isSealedBlob } from '../../../../../renderer/db/sealed';
import {
  archiveNoteSealer,
  markTables,
  Marks,
  messageKey,
  normalizeTag,
  type MessageRef,
  type NoteRow,
  type NoteSealer,
} from '../../../../../renderer/features/review';

import { decryptedMessage, freshDb, header } from '../../fixtures';

interface Appended {
  action: string;
  target: { [key: string]: JsonValue };
  before?: JsonValue;
  after?: JsonValue;
}

/** Seals by base64 with a marker, so a test can tell sealed from plain text. */
const testSealer: NoteSealer = {
  seal: (_, text) => Promise.resolve({ sealedB64: Buffer.from(text, 'utf8').toString('base64') }),
  open: (_, sealed) =>
    Promise.resolve(Buffer.from((sealed as { sealedB64: string }).sealedB64, 'base64').toString('utf8')),
};

/** An archive whose data key is loaded, as the app's is once main hands it over. */
async function keyedDb() {
  const dataKey = new DataKeyHolder();
  dataKey.set(await importDataKey(crypto.getRandomValues(new Uint8Array(32))));
  return new ArchiveDb({ indexedDB: new IDBFactory(), IDBKeyRange, dataKey });
}

function setup(db = freshDb(), sealer: NoteSealer = testSealer) {
  const appended: Appended[] = [];
  let clock = 1_000;
  const marks = new Marks({
    db,
    sealer,
    reviewer: { reviewer: { name: '审阅人甲' } },
    now: () => clock++,
    auditTrail: {
      append: (action, target, change = {}) => {
        appended.push({ action, target, ...change });
        return Promise.resolve(null);
      },
    },
  });
  return { db, marks, appended };
}

const ref = (msgid: string, convId = 'g:room1', msgtime = 5): MessageRef => ({
  corpId: 'corp-a',
  msgid,
  convId,
  msgtime,
});

describe('marks (issue 11)', () => {
  it('flags, changes severity and unflags, each with a before/after trail entry', async () => {
    const { db, marks, appended } = setup();
    await marks.setFlag([ref('m1'), ref('m2')], 'high');
    await marks.setFlag([ref('m1')], 'low');
    await marks.setFlag([ref('m2')], null);
    await marks.setFlag([ref('m2')], null);
    const rows = await markTables(db).flags.toArray();
    expect(rows.map((row) => [row.msgid, row.severity, row.by])).toEqual([['m1', 'low', '审阅人甲']]);
    expect(appended.map((entry) => [entry.action, entry.target.msgid, entry.before, entry.after])).toEqual([
      ['mark.added', 'm1', undefined, { severity: 'high' }],
      ['mark.added', 'm2', undefined, { severity: 'high' }],
      ['mark.changed', 'm1', { severity: 'high' }, { severity: 'low' }],
      ['mark.removed', 'm2', { severity: 'high' }, undefined],
    ]);
  });

  it('toggles: flags the unflagged ones, and unflags when all were flagged', async () => {
    const { db, marks } = setup();
    await marks.setFlag([ref('m1')], 'high');
    await marks.toggleFlag([ref('m1'), ref('m2')]);
    expect((await markTables(db).flags.toArray()).map((row) => [row.msgid, row.severity])).toEqual([
      ['m1', 'high'],
      ['m2', 'medium'],
    ]);
    await marks.toggleFlag([ref('m1'), ref('m2')]);
    expect(await markTables(db).flags.count()).toBe(0);
  });

  it('Shift+F cycles the severity from the first message: medium, high, low, medium', async () => {
    const { db, marks } = setup();
    const seen = [];
    for (let i = 0; i < 4; i += 1) seen.push(await marks.cycleSeverity([ref('m1'), ref('m2')]));
    expect(seen).toEqual(['medium', 'high', 'low', 'medium']);
    expect((await markTables(db).flags.get(['corp-a', 'm2']))?.severity).toBe('medium');
    expect(await marks.cycleSeverity([])).toBeNull();
  });

  it('tags: normalised, defined once with a colour, added once per message, removable', async () => {
    const { db, marks, appended } = setup();
    expect(normalizeTag('  insider   trading ')).toBe('insider trading');
    expect(await marks.addTag([ref('m1')], '  insider   trading ', '#dc2626')).toBe('insider trading');
    await marks.addTag([ref('m1'), ref('m2')], 'insider trading');
    expect(await marks.addTag([ref('m1')], '   ')).toBeNull();
    expect(await marks.tagDefs()).toEqual([{ name: 'insider trading', colour: '#dc2626', createdAt: 1000 }]);
    expect((await markTables(db).tags.toArray()).map((row) => row.msgid).sort()).toEqual(['m1', 'm2']);
    await marks.removeTag([ref('m1')], 'insider trading');
    expect((await markTables(db).tags.toArray()).map((row) => row.msgid)).toEqual(['m2']);
    expect(appended.map((entry) => entry.action)).toEqual([
      'tag.changed',
      'mark.added',
      'mark.added',
      'mark.removed',
    ]);
  });

  it('notes: sealed at rest, edited with history, removed by an empty text; the trail never holds the text', async () => {
    const { db, marks, appended } = setup();
    expect(await marks.saveNote(ref('m1'), '第一行\nsecond line')).toBe(1);
    expect(await marks.saveNote(ref('m1'), '第一行\nsecond line  ')).toBe(1);
    expect(await marks.saveNote(ref('m1'), 'revised')).toBe(2);
    const stored = await markTables(db).notes.toArray();
    expect(JSON.stringify(stored)).not.toContain('revised');
    expect((await marks.readNote(ref('m1')))?.text).toBe('revised');
    expect((await marks.noteHistory(ref('m1'))).map((rev) => [rev.revision, rev.text])).toEqual([
      [1, '第一行\nsecond line'],
    ]);
    expect(await marks.saveNote(ref('m1'), '')).toBe(0);
    expect(await marks.readNote(ref('m1'))).toBeNull();
    expect((await marks.noteHistory(ref('m1'))).map((rev) => rev.text)).toEqual([
      'revised',
      '第一行\nsecond line',
    ]);
    expect(JSON.stringify(appended)).not.toContain('revised');
    expect(appended.map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      ['note.edited', undefined, { revision: 1, chars: 15 }],
      ['note.edited', { revision: 1, chars: 15 }, { revision: 2, chars: 7 }],
      ['note.edited', { revision: 2, chars: 7 }, undefined],
    ]);
  });

  it('seals notes under the archive data key, bound to their message; a locked archive refuses them', async () => {
    const db = await keyedDb();
    const { marks } = setup(db, archiveNoteSealer(db));
    await marks.saveNote(ref('m1'), '机密 note');
    await marks.saveNote(ref('m1'), 'second text');
    const [stored] = await markTables(db).notes.toArray();
    const [earlier] = await markTables(db).noteHistory.toArray();
    expect(isSealedBlob(stored?.sealed)).toBe(true);
    expect(isSealedBlob(earlier?.sealed)).toBe(true);
    expect((await marks.readNote(ref('m1')))?.text).toBe('second text');
    expect((await marks.noteHistory(ref('m1'))).map((rev) => rev.text)).toEqual(['机密 note']);
    // A blob moved onto another message does not open.
    await markTables(db).notes.put({ ...(stored as NoteRow), msgid: 'm2' });
    await expect(marks.readNote(ref('m2'))).rejects.toThrow(/did not open/);
    db.dataKey?.forget();
    await expect(marks.readNote(ref('m1'))).rejects.toThrow(/locked/);
    await expect(marks.saveNote(ref('m1'), 'while locked')).rejects.toThrow(/locked/);
  });

  it('finds notes by text in memory, per corp', async () => {
    const { marks } = setup();
    await marks.saveNote(ref('m1'), 'Call the Compliance desk');
    await marks.saveNote({ ...ref('m2'), corpId: 'corp-b' }, 'compliance again');
    await marks.saveNote(ref('m3'), 'unrelated');
    const found = await marks.notesMatching('COMPLIANCE', null);
    expect(found.map((row) => messageKey(row.corpId, row.msgid)).sort()).toEqual([
      messageKey('corp-a', 'm1'),
      messageKey('corp-b', 'm2'),
    ]);
    expect((await marks.notesMatching('compliance', ['corp-a'])).map((row) => row.msgid)).toEqual(['m1']);
  });

  it('review state: reviewed up to a message, escalated, back to unreviewed; unchanged writes nothing', async () => {
    const { db, marks, appended } = setup();
    await marks.setReviewState('corp-a', 'g:room1', 'reviewed', { msgid: 'm7', msgtime: 70 });
    await marks.setReviewState('corp-a', 'g:room1', 'reviewed', { msgid: 'm7', msgtime: 70 });
    await marks.setReviewState('corp-a', 'g:room1', 'escalated');
    expect((await markTables(db).reviewStates.get(['corp-a', 'g:room1']))?.state).toBe('escalated');
    await marks.setReviewState('corp-a', 'g:room1', 'unreviewed');
    expect(await markTables(db).reviewStates.count()).toBe(0);
    expect(appended.map((entry) => [entry.before, entry.after])).toEqual([
      [{ state: 'unreviewed' }, { state: 'reviewed', upTo: 'm7' }],
      [{ state: 'reviewed', upTo: 'm7' }, { state: 'escalated' }],
      [{ state: 'escalated' }, { state: 'unreviewed' }],
    ]);
  });

  it('survive re-ingesting the same batch: marks live in their own tables, not in message rows', async () => {
    const { db, marks } = setup();
    const batch = {
      batchId: 1,
      cursor: '2',
      messages: [
        decryptedMessage(1, header({ roomid: 'room1' }), { text: { content: 'hello' } }),
        decryptedMessage(2, header({ roomid: 'room1' }), { text: { content: 'world' } }),
      ],
    };
    await commitBatch(db, 'corp-a', batch);
    const row = await db.messages.get(['corp-a', 'm1']);
    const m1 = ref('m1', row?.convId ?? '', row?.msgtime ?? 0);
    await marks.setFlag([m1], 'high');
    await marks.addTag([m1], 'urgent');
    await marks.saveNote(m1, 'keep me');
    await marks.setReviewState('corp-a', m1.convId, 'reviewed', { msgid: 'm1', msgtime: m1.msgtime });
    await commitBatch(db, 'corp-a', { ...batch, batchId: 2 });
    expect(Object.keys((await db.messages.get(['corp-a', 'm1'])) ?? {})).not.toContain('severity');
    expect((await markTables(db).flags.get(['corp-a', 'm1']))?.severity).toBe('high');
    expect((await markTables(db).tags.toArray()).map((tag) => tag.tag)).toEqual(['urgent']);
    expect((await marks.readNote(m1))?.text).toBe('keep me');
    expect((await markTables(db).reviewStates.get(['corp-a', m1.convId]))?.upTo?.msgid).toBe('m1');
  });
});
