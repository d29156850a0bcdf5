import { describe, expect, it } from 'vitest';
import { Marks, messageKey, type NoteSealer } from '../../../../../renderer/features/review';
import {
  resolveMarkFilter,
  restrictFilters,
  toMarkFilter,
} from '../../../../../renderer/features/search/markFilter';
import { EMPTY_FORM } from '../../../../../renderer/features/search/searchFilterForm';
import { freshDb } from '../../fixtures';

const plainSealer: NoteSealer = {
  seal: (_, text) => Promise.resolve(text),
  open: (_, sealed) => Promise.resolve(String(sealed)),
};

async function setup() {
  const db = freshDb();
  const marks = new Marks({
    db,
    sealer: plainSealer,
    reviewer: { reviewer: { name: 'R' } },
    auditTrail: { append: () => Promise.resolve(null) },
  });
  const ref = (corpId: string, msgid: string, convId: string, msgtime: number) => ({
    corpId,
    msgid,
    convId,
    msgtime,
  });
  await marks.setFlag([ref('a', 'm1', 'g:1', 100), ref('a', 'm2', 'g:2', 300)], 'high');
  await marks.setFlag([ref('b', 'm3', 'g:3', 50)], 'low');
  await marks.addTag([ref('a', 'm2', 'g:2', 300), ref('b', 'm4', 'g:3', 60)], 'insider');
  await marks.saveNote(ref('a', 'm1', 'g:1', 100), 'Ask Legal');
  await marks.setReviewState('a', 'g:1', 'escalated');
  await db.conversations.bulkPut(['g:1', 'g:2'].map((convId) => ({ corpId: 'a', convId }) as never));
  return { db, marks };
}

describe('search filters on marks (issue 11)', () => {
  it('is off until the form sets a mark filter', () => {
    expect(toMarkFilter(EMPTY_FORM)).toBeNull();
    expect(toMarkFilter({ ...EMPTY_FORM, tag: '  insider ' })).toMatchObject({ tag: 'insider' });
  });

  it('keeps the marked messages: flag, severity, tag, note text, and their intersection', async () => {
    const { db, marks } = await setup();
    const keys = async (form: Partial<typeof EMPTY_FORM>, corpIds?: string[]) => {
      const filter = toMarkFilter({ ...EMPTY_FORM, ...form });
      if (!filter) throw new Error('no filter');
      const restriction = await resolveMarkFilter(db, marks, filter, corpIds ? { corpIds } : {});
      return restriction.keys ? [...restriction.keys].sort() : null;
    };
    expect(await keys({ flag: 'any' })).toEqual([
      messageKey('a', 'm1'),
      messageKey('a', 'm2'),
      messageKey('b', 'm3'),
    ]);
    expect(await keys({ flag: 'low' })).toEqual([messageKey('b', 'm3')]);
    expect(await keys({ flag: 'any' }, ['a'])).toEqual([messageKey('a', 'm1'), messageKey('a', 'm2')]);
    expect(await keys({ tag: 'insider' })).toEqual([messageKey('a', 'm2'), messageKey('b', 'm4')]);
    expect(await keys({ flag: 'high', tag: 'insider' })).toEqual([messageKey('a', 'm2')]);
    expect(await keys({ noteText: 'legal' })).toEqual([messageKey('a', 'm1')]);
    expect(await keys({ hasNote: true, tag: 'insider' })).toEqual([]);
  });

  it('narrows the engine to the marked chats and time span, or the chats in a review state', async () => {
    const { db, marks } = await setup();
    const flagged = await resolveMarkFilter(db, marks, toMarkFilter({ ...EMPTY_FORM, flag: 'high' })!, {});
    expect(flagged).toMatchObject({ fromTime: 100, toTime: 300, empty: false });
    expect(flagged.convIds.sort()).toEqual(['g:1', 'g:2']);
    expect(restrictFilters({ fromTime: 200 }, flagged)).toMatchObject({ fromTime: 200, toTime: 300 });

    const escalated = await resolveMarkFilter(
      db,
      marks,
      toMarkFilter({ ...EMPTY_FORM, reviewState: 'escalated' })!,
      {},
    );
    expect(escalated).toEqual({ keys: null, convIds: ['g:1'], empty: false });
    const unreviewed = await resolveMarkFilter(
      db,
      marks,
      toMarkFilter({ ...EMPTY_FORM, reviewState: 'unreviewed' })!,
      {
        corpIds: ['a'],
      },
    );
    expect(unreviewed.convIds).toEqual(['g:2']);
    const none = await resolveMarkFilter(
      db,
      marks,
      toMarkFilter({ ...EMPTY_FORM, reviewState: 'closed' })!,
      {},
    );
    expect(none.empty).toBe(true);
    const both = await resolveMarkFilter(
      db,
      marks,
      toMarkFilter({ ...EMPTY_FORM, reviewState: 'escalated', flag: 'any' })!,
      {},
    );
    expect([...(both.keys ?? [])]).toEqual([messageKey('a', 'm1')]);
  });
});
