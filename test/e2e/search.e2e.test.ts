import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCorpus, openPulledDemo, screenshot, useAppSession } from './support/demo';

/**
 * Issue 6, must show: in the demo archive, search finds a phrase that only occurs inside a forwarded
 * chat record's nested item and a file name; filters narrow the results; clicking a hit opens the
 * chat at that message. Oracles come from the corpus itself (raw JSON), not from the app's extractor.
 */

const session = useAppSession({ port: 47990, language: 'zh-CN' });
let corpus: Awaited<ReturnType<typeof demoCorpus>>;

beforeAll(async () => {
  corpus = await demoCorpus();
});

/** Types a query and waits for the page that answers exactly it (search-as-you-type is debounced). */
async function search(page: Page, query: string): Promise<void> {
  await page.getByTestId('search-input').fill(query);
  await settled(page, { query });
}

/** Waits until the shown answer is for this query/filters and no request is in flight. */
async function settled(
  page: Page,
  want: { query?: string; filtersInclude?: string; filters?: string },
): Promise<void> {
  await page.waitForFunction((w) => {
    const marker = document.querySelector<HTMLElement>('[data-testid="search-total"]');
    if (!marker || document.querySelector('.search-results')?.getAttribute('aria-busy') === 'true')
      return false;
    const filters = marker.dataset.filters ?? '';
    return (
      (w.query === undefined || marker.dataset.query === w.query) &&
      (w.filters === undefined || filters === w.filters) &&
      (w.filtersInclude === undefined || filters.includes(w.filtersInclude))
    );
  }, want);
}

async function filtersShown(page: Page): Promise<string> {
  return (await page.getByTestId('search-total').getAttribute('data-filters')) ?? '';
}

async function total(page: Page): Promise<{ total: number; exact: boolean }> {
  const marker = page.getByTestId('search-total');
  return {
    total: Number(await marker.getAttribute('data-total')),
    exact: (await marker.getAttribute('data-exact')) === 'true',
  };
}

/** The attribute `name` of every listed hit, in order (null where a hit lacks it). */
async function hitAttributes(page: Page, name: string): Promise<Array<string | null>> {
  return page
    .locator('.search-results > li')
    .evaluateAll((items, attribute) => items.map((li) => li.getAttribute(attribute)), name);
}

async function hitIds(page: Page): Promise<string[]> {
  return (await hitAttributes(page, 'data-msgid')).map((id) => id ?? '');
}

const withText = (needle: string) =>
  corpus.filter((record) => record.body.includes(needle)).map((r) => r.msgid);

describe('search (browser shell, Chromium)', () => {
  it('finds a chat-record item and a file name, narrows by filters, and opens the hit in its chat', async () => {
    const { page, problems } = session;
    await openPulledDemo(page);

    // Ctrl+F opens the global search.
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.getByTestId('search-input').isVisible()).toBe(true);

    // A phrase that exists only as the title of a record nested inside a forwarded chat record.
    const nested = withText('转发的聊天记录');
    expect(nested.length).toBeGreaterThan(0);
    await search(page, '转发的聊天记录');
    expect((await hitIds(page)).sort()).toEqual([...nested].sort());
    expect(await total(page)).toEqual({ total: nested.length, exact: true });
    expect(await page.locator('.search-results mark').first().textContent()).toBe('转发的聊天记录');

    // A file name (the showcase's renamed photo), found case- and width-insensitively.
    const file = withText('"filename":"现场照片.jpg"');
    expect(file).toHaveLength(1);
    await search(page, '现场照片．ＪＰＧ');
    expect(await hitIds(page)).toEqual(file);
    await screenshot(page, 'search-file-name');

    // Filters narrow a common term: first by type, then by sender kind.
    await search(page, '对账单');
    const all = await total(page);
    expect(all.total).toBeGreaterThan(1);
    const unfiltered = await filtersShown(page);
    await page.getByTestId('search-filter-msgtype').selectOption('file');
    await settled(page, { filtersInclude: '"msgtypes":["file"]' });
    const byType = await total(page);
    expect(byType.total).toBeGreaterThan(0);
    expect(byType.total).toBeLessThan(all.total);
    const types = await hitAttributes(page, 'data-msgtype');
    expect(new Set(types)).toEqual(new Set(['file']));
    await page.getByTestId('search-filter-msgtype').selectOption('');
    await page.getByTestId('search-filter-sender').selectOption('external');
    await settled(page, { filtersInclude: '"sender":"external"' });
    const bySender = await total(page);
    expect(bySender.total).toBeLessThan(all.total);
    const senders = await hitAttributes(page, 'data-external');
    expect(new Set(senders)).toEqual(new Set(['true']));
    await page.getByTestId('search-filter-sender').selectOption('');
    await settled(page, { filters: '{}' });
    expect(await filtersShown(page)).toBe(unfiltered);

    // Clicking a hit opens its chat with that message shown.
    await search(page, '现场照片');
    const target = file[0] as string;
    await page.locator(`.search-results > li[data-msgid="${target}"] .search-hit__open`).click();
    await expect.poll(() => page.getByTestId('search-input').count()).toBe(0);
    // The reading timeline honours state.openedMessage (navigationSlice): the chat opens with the message shown.
    await expect
      .poll(() => page.locator(`.tl-item[data-msgid="${target}"]`).first().isVisible(), {
        timeout: 15_000,
        message: 'the timeline shows the message the search hit opened',
      })
      .toBe(true);
    await screenshot(page, 'search-opened-message');

    // In-chat search from the opened chat's header: the same query, limited to that chat.
    const openedConv = await page.getByTestId('timeline').getAttribute('data-conv');
    expect(openedConv).toBeTruthy();
    await page.getByTestId('search-in-chat').click();
    await search(page, '的');
    const scoped = await total(page);
    const convs = await hitAttributes(page, 'data-conv');
    expect(scoped.total).toBeGreaterThan(0);
    expect(new Set(convs)).toEqual(new Set([openedConv]));
    await screenshot(page, 'search-in-chat');

    expect(problems).toEqual([]);
  });
});
