import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../../main/common/audit/auditChain';
import { commitBatch } from '../../../../../renderer/db';
import { Cases, type CaseItemInput } from '../../../../../renderer/features/cases';
import { decryptedMessage, freshDb, header } from '../../fixtures';

function setup() {
  const db = freshDb();
  const appended: { action: string; target: JsonValue; before?: JsonValue; after?: JsonValue }[] = [];
  let clock = 1_000;
  let ids = 0;
  const cases = new Cases({
    db,
    reviewer: { reviewer: { name: 'Ann' } },
    now: () => clock++,
    newId: () => `case-${++ids}`,
    auditTrail: {
      append: (action, target, change = {}) => {
        appended.push({ action, target, ...change });
        return Promise.resolve(null);
      },
    },
  });
  return { db, cases, appended };
}

const message = (corpId: string, msgid: string, convId: string, msgtime: number): CaseItemInput => ({
  corpId,
  kind: 'message',
  ref: msgid,
  convId,
  msgtime,
});

describe('cases (issue 11)', () => {
  it('creates, edits and refuses an empty name; each change is in the trail with before/after', async () => {
    const { cases, appended } = setup();
    expect(await cases.create('   ')).toBeNull();
    const created = await cases.create(' Insider trading ', ' Q3 leak ');
    expect(created).toMatchObject({
      id: 'case-1',
      name: 'Insider trading',
      description: 'Q3 leak',
      status: 'open',
    });
    await cases.update('case-1', { status: 'on-hold' });
    await cases.update('case-1', { status: 'on-hold', name: '  ' });
    expect(appended).toEqual([
      {
        action: 'case.created',
        target: { caseId: 'case-1' },
        after: { name: 'Insider trading', description: 'Q3 leak', status: 'open' },
      },
      {
        action: 'case.changed',
        target: { caseId: 'case-1' },
        before: { name: 'Insider trading', description: 'Q3 leak', status: 'open' },
        after: { name: 'Insider trading', description: 'Q3 leak', status: 'on-hold' },
      },
    ]);
  });

  it('holds messages and chats of any chat and corp, once each, sorted by time; a message can be in several cases', async () => {
    const { cases, appended } = setup();
    await cases.create('A');
    await cases.create('B');
    const late = message('corp-b', 'm9', 's:x|y', 900);
    const early = message('corp-a', 'm1', 'g:room1', 100);
    expect(await cases.addItems('case-1', [late, early, late])).toBe(2);
    expect(await cases.addItems('case-1', [early])).toBe(0);
    await cases.addItems('case-1', [
      { corpId: 'corp-a', kind: 'conversation', ref: 'g:room2', convId: 'g:room2', msgtime: 500 },
    ]);
    await cases.addItems('case-2', [early]);
    expect((await cases.items('case-1')).map((item) => item.ref)).toEqual(['m1', 'g:room2', 'm9']);
    expect((await cases.casesOf('corp-a', 'm1')).sort()).toEqual(['case-1', 'case-2']);
    await cases.removeItem('case-1', early);
    expect((await cases.items('case-1')).map((item) => item.ref)).toEqual(['g:room2', 'm9']);
    expect(
      appended.filter((entry) => entry.action.startsWith('case.item')).map((entry) => entry.action),
    ).toEqual([
      'case.item-added',
      'case.item-added',
      'case.item-added',
      'case.item-added',
      'case.item-removed',
    ]);
    await expect(cases.addItems('nope', [early])).rejects.toThrow();
  });

  it('survive re-ingesting the messages they hold', async () => {
    const { db, cases } = setup();
    const batch = {
      batchId: 1,
      cursor: '1',
      messages: [decryptedMessage(1, header({ roomid: 'room1' }), { text: { content: 'hi' } })],
    };
    await commitBatch(db, 'corp-a', batch);
    await cases.create('A');
    await cases.addItems('case-1', [message('corp-a', 'm1', 'g:room1', 1)]);
    await commitBatch(db, 'corp-a', { ...batch, batchId: 2 });
    expect((await cases.items('case-1')).map((item) => item.ref)).toEqual(['m1']);
    expect((await cases.list()).map((row) => row.name)).toEqual(['A']);
  });
});
