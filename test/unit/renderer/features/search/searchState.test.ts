import { describe, expect, it } from 'vitest';
import { KNOWN_MSGTYPES } from '../../../../../main/common/message';
import { createI18n } from '../../../../../renderer/i18n/i18n';
import { msgtypeLabel } from '../../../../../renderer/i18n/messageLabels';
import {
  EMPTY_FORM,
  FILTER_MSGTYPES,
  hasFormFilters,
  toSearchFilters,
} from '../../../../../renderer/features/search/searchFilterForm';
import { createAppStore } from '../../../../../renderer/state';

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

  it('keeps the whole search (query, filters, selected hit, scroll) across a jump and a reopen (issue 15)', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().openSearch();
    s().setSearchQuery('对账单');
    const form = {
      ...EMPTY_FORM,
      msgtype: 'file',
      people: [{ corpId: 'c1', id: 'zhangwei', label: '张伟' }],
      fromDate: '2024-06-01',
    };
    s().setSearchForm(form);
    s().setSearchActive(3);
    s().setSearchScroll({ scrollTop: 420, anchor: { key: 'm15', offset: 37 } });
    // A jump: the hit is recorded for the timeline, the panel closes.
    s().markSearchJump({ corpId: 'c1', convId: 'g:wr1', msgid: 'm4', terms: ['对账单'] });
    s().openMessage('c1', 'g:wr1', 'm4');
    expect(s().searchOpen).toBe(false);
    s().openSearch();
    expect(s()).toMatchObject({
      searchOpen: true,
      searchQuery: '对账单',
      searchForm: form,
      searchActive: 3,
      searchScroll: { scrollTop: 420, anchor: { key: 'm15', offset: 37 } },
      searchJump: { msgid: 'm4', terms: ['对账单'], nonce: 1 },
    });
    // The same hit again flashes again.
    s().markSearchJump({ corpId: 'c1', convId: 'g:wr1', msgid: 'm4', terms: ['对账单'] });
    expect(s().searchJump?.nonce).toBe(2);

    // A different list (query, filters or scope) starts unselected at the top; the filters stay.
    s().setSearchQuery('对账单');
    expect(s().searchActive).toBe(3);
    s().setSearchQuery('报价');
    expect(s()).toMatchObject({
      searchActive: null,
      searchScroll: { scrollTop: 0, anchor: null },
      searchForm: form,
    });
    s().setSearchActive(1);
    s().openSearch({ corpId: 'c1', convId: 'g:wr1' });
    expect(s()).toMatchObject({ searchActive: null, searchForm: form, searchQuery: '报价' });
    s().setSearchActive(2);
    s().setSearchForm(EMPTY_FORM);
    expect(s().searchActive).toBeNull();
    // Ending hit-by-hit navigation keeps the search.
    s().endSearchJump();
    expect(s()).toMatchObject({ searchJump: null, searchQuery: '报价' });
  });
});

describe('toSearchFilters', () => {
  it('turns the form into engine filters, with the chat scope overriding the corp and the picked chat', () => {
    expect(toSearchFilters(EMPTY_FORM, null, 'UTC')).toEqual({});
    expect(hasFormFilters(EMPTY_FORM)).toBe(false);
    const form = {
      ...EMPTY_FORM,
      corpId: 'c2',
      sender: 'external' as const,
      people: [
        { corpId: 'c1', id: 'zhangwei', label: '张伟' },
        { corpId: 'c1', id: 'lina', label: '李娜' },
      ],
      chat: { corpId: 'c3', id: 'g:wr9', label: '项目群' },
      msgtype: 'file',
      hasMedia: true,
      fromDate: '2024-06-01',
      toDate: '2024-06-02',
    };
    expect(hasFormFilters(form)).toBe(true);
    const filters = toSearchFilters(form, { corpId: 'c1', convId: 's:a|b' }, 'Asia/Shanghai');
    expect(filters).toMatchObject({
      corpIds: ['c1'],
      convIds: ['s:a|b'],
      sender: 'external',
      senders: ['zhangwei', 'lina'],
      msgtypes: ['file'],
      hasMedia: true,
    });
    // Without a scope the picked chat (and its corp) apply.
    expect(toSearchFilters(form, null, 'UTC')).toMatchObject({ corpIds: ['c3'], convIds: ['g:wr9'] });
    expect(toSearchFilters({ ...EMPTY_FORM, fromDate: 'junk' }, null, 'UTC')).toEqual({});
  });

  it('reads the date range as whole days in the app time zone', () => {
    const form = { ...EMPTY_FORM, fromDate: '2024-06-01', toDate: '2024-06-02' };
    const shanghai = toSearchFilters(form, null, 'Asia/Shanghai');
    // 2024-06-01 00:00 in UTC+8 is 2024-05-31 16:00 UTC.
    expect(shanghai.fromTime).toBe(Date.UTC(2024, 4, 31, 16));
    expect(shanghai.toTime).toBe(Date.UTC(2024, 5, 2, 16) - 1);
    const utc = toSearchFilters(form, null, 'UTC');
    expect(utc.fromTime).toBe(Date.UTC(2024, 5, 1));
    const newYork = toSearchFilters(form, null, 'America/New_York');
    expect(newYork.fromTime).toBe(Date.UTC(2024, 5, 1, 4));
  });
});

describe('the type filter', () => {
  it('offers every msgtype of the message registry, each with a reader name in zh-CN and en', () => {
    expect([...FILTER_MSGTYPES].sort()).toEqual([...KNOWN_MSGTYPES].sort());
    for (const language of ['zh-CN', 'en'] as const) {
      const t = createI18n(language).t;
      const labels = FILTER_MSGTYPES.map((type) => msgtypeLabel(t, type));
      for (const [at, label] of labels.entries()) {
        const type = FILTER_MSGTYPES[at] as string;
        expect(label, type).toMatch(/\S/);
        // A label is never the raw API name nor the i18n key (markdown is a proper name in both).
        if (type !== 'markdown') expect(label, type).not.toBe(type);
        expect(label, type).not.toContain('reading.type');
      }
    }
    const zh = createI18n('zh-CN').t;
    expect([msgtypeLabel(zh, 'todo'), msgtypeLabel(zh, 'redpacket'), msgtypeLabel(zh, 'vote')]).toEqual([
      '待办',
      '红包',
      '投票',
    ]);
  });
});
