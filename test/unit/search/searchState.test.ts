import { describe, expect, it } from 'vitest';
import { toSearchFilters, EMPTY_FORM } from '../../../renderer/features/search/searchFilterForm';
import { createAppStore } from '../../../renderer/state';

describe('search and navigation slices', () => {
  it('opens search globally or scoped to a chat, and a hit closes it and asks the timeline for the message', () => {
    const store = createAppStore();
    store.getState().openSearch({ corpId: 'c1', convId: 'g:wr1' });
    expect(store.getState()).toMatchObject({
      searchOpen: true,
      searchScope: { corpId: 'c1', convId: 'g:wr1' },
    });
    store.getState().openSearch();
    expect(store.getState().searchScope).toBeNull();

    store.getState().openMessage('c1', 'g:wr1', 'm1');
    const first = store.getState().openedMessage;
    expect(first).toMatchObject({ corpId: 'c1', convId: 'g:wr1', msgid: 'm1' });
    expect(store.getState()).toMatchObject({ searchOpen: false, view: 'archive' });
    // Opening the same message again is a new request (the timeline scrolls to it again).
    store.getState().openMessage('c1', 'g:wr1', 'm1');
    expect(store.getState().openedMessage?.nonce).toBe((first?.nonce ?? 0) + 1);
    store.getState().clearOpenedMessage();
    expect(store.getState().openedMessage).toBeNull();
  });
});

describe('toSearchFilters', () => {
  it('turns the form into engine filters, with the chat scope overriding the corp', () => {
    expect(toSearchFilters(EMPTY_FORM, null)).toEqual({});
    const filters = toSearchFilters(
      {
        corpId: 'c2',
        sender: 'external',
        msgtype: 'file',
        hasMedia: true,
        fromDate: '2024-06-01',
        toDate: '2024-06-02',
      },
      { corpId: 'c1', convId: 's:a|b' },
    );
    expect(filters).toMatchObject({
      corpIds: ['c1'],
      convIds: ['s:a|b'],
      sender: 'external',
      msgtypes: ['file'],
      hasMedia: true,
    });
    expect(filters.toTime! - filters.fromTime!).toBe(2 * 86_400_000 - 1);
    expect(new Date(filters.fromTime!).getHours()).toBe(0);
    expect(toSearchFilters({ ...EMPTY_FORM, fromDate: 'junk' }, null)).toEqual({});
  });
});
