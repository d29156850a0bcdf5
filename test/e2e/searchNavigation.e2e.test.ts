import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCorpus, openPulledDemo, screenshot, useAppSession } from './support/demo';

/**
 * Issue 15, must show: the whole search (query, filters, selected hit, scroll position) survives a
 * jump to a hit and a reopen; next/previous hit with the hit bar's buttons, Enter/Shift+Enter and
 * F3/Shift+F3; ↑/↓ in the result list; the opened hit marked in the timeline with its terms
 * highlighted; the person filter with autocomplete; the detail panel states the app's time zone.
 * Oracles come from the demo corpus (raw JSON), not from the app.
 */

const session = useAppSession({ port: 47991, language: 'zh-CN' });
let corpus: Awaited<ReturnType<typeof demoCorpus>>;

beforeAll(async () => {
  corpus = await demoCorpus();
});

/** Waits until the shown answer is for this query/filters and no request is in flight. */
async function settled(page: Page, want: { query?: string; filtersInclude?: string }): Promise<void> {
  await page.waitForFunction((w) => {
    const marker = document.querySelector<HTMLElement>('[data-testid="search-total"]');
    if (!marker || document.querySelector('.search-results')?.getAttribute('aria-busy') === 'true')
      return false;
    return (
      (w.query === undefined || marker.dataset.query === w.query) &&
      (w.filtersInclude === undefined || (marker.dataset.filters ?? '').includes(w.filtersInclude))
    );
  }, want);
}

async function hitIds(page: Page): Promise<string[]> {
  return page
    .locator('.search-results > li')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-msgid') ?? ''));
}

async function activeHit(page: Page): Promise<string | null> {
  return page
    .locator('.search-results > li.search-hit--active')
    .getAttribute('data-msgid', { timeout: 2000 });
}

/** The timeline shows `msgid` as the search hit: marked (only it), its query terms highlighted. */
async function expectHitShown(page: Page, msgid: string, term: string): Promise<void> {
  const row = page.locator(`.tl-item[data-msgid="${msgid}"]`).first();
  await expect
    .poll(() => row.getAttribute('class'), { timeout: 15_000, message: `the timeline marks ${msgid}` })
    .toContain('tl-item--search-hit');
  // Only it: read the marked rows in the same poll, since the virtualised timeline may re-mount its
  // rows between two separate reads (one read could see the row, the next an empty window).
  await expect
    .poll(
      () =>
        page
          .locator('.tl-item--search-hit')
          .evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-msgid')))]),
      { timeout: 15_000, message: `${msgid} is the only marked hit` },
    )
    .toEqual([msgid]);
  await expect.poll(() => row.isVisible()).toBe(true);
  await expect
    .poll(
      () =>
        page.evaluate((id) => {
          const ranges = [...(CSS.highlights.get('search-hit-terms') ?? [])] as Range[];
          const row = document.querySelector(`.tl-item[data-msgid="${id}"]`);
          return ranges.filter((r) => row?.contains(r.startContainer)).map((r) => r.toString());
        }, msgid),
      { message: `the query's terms are highlighted in ${msgid}` },
    )
    .toContain(term);
}

async function hitPosition(page: Page): Promise<number> {
  return Number(await page.getByTestId('search-hit-position').getAttribute('data-index'));
}

describe('search navigation (browser shell, Chromium)', () => {
  it('keeps the whole search across jumps, steps through hits by keys and buttons, and filters by person', async () => {
    const { page, problems } = session;
    await openPulledDemo(page);
    await page.getByTestId('search-open').click();
    const input = page.getByTestId('search-input');
    await input.waitFor();
    await input.fill('客户');
    await settled(page, { query: '客户' });
    const many = await hitIds(page);
    expect(many.length).toBeGreaterThan(20);

    // Scroll the list, open a hit far down; reopening shows the list where it was, that hit selected.
    const far = many[15] as string;
    const farItem = page.locator(`.search-results > li[data-msgid="${far}"]`);
    await farItem.scrollIntoViewIfNeeded();
    // Where the hit sits in the panel's viewport (px from its top edge).
    const placeOf = () =>
      farItem.evaluate((item) => {
        const scroller = item.closest('[data-testid="search-panel"]') as HTMLElement;
        return {
          offset: item.getBoundingClientRect().top - scroller.getBoundingClientRect().top,
          scrollTop: scroller.scrollTop,
          height: scroller.clientHeight,
        };
      });
    const before = await placeOf();
    expect(before.scrollTop).toBeGreaterThan(100);
    await farItem.locator('.search-hit__open').click();
    await expect.poll(() => input.count()).toBe(0);
    await expectHitShown(page, far, '客户');
    await page.keyboard.press('Control+f');
    await expect.poll(() => input.inputValue()).toBe('客户');
    expect(await activeHit(page)).toBe(far);
    // Names resolved while the panel opens may change row heights above it; the browser keeps what
    // was in view in place, so compare where the hit is, not raw pixels.
    const after = await placeOf();
    expect(after.scrollTop).toBeGreaterThan(100);
    expect(after.offset).toBeGreaterThanOrEqual(0);
    expect(after.offset).toBeLessThan(after.height);
    expect(Math.abs(after.offset - before.offset)).toBeLessThan(80);

    // The person filter: type part of a name or id, pick from the suggestions.
    await input.fill('报价');
    await settled(page, { query: '报价' });
    const person = page.getByTestId('search-filter-person');
    await person.getByRole('combobox').fill('lin');
    const option = person.locator('[role="option"][data-id="LiNa"]');
    await option.waitFor();
    const label = (await option.locator('bdi').first().textContent()) ?? '';
    expect(label).toMatch(/李娜|LiNa/);
    await screenshot(page, 'search-person-autocomplete');
    await option.click();
    await expect.poll(() => person.locator('.name-picker__chip').getAttribute('data-id')).toBe('LiNa');
    await page.getByTestId('search-filter-msgtype').selectOption('text');
    await page.getByTestId('search-filter-from').fill('2024-01-01');
    await settled(page, { filtersInclude: '"senders":["LiNa"]' });
    await settled(page, { filtersInclude: '"msgtypes":["text"]' });
    await settled(page, { filtersInclude: '"fromTime"' });
    const oracle = corpus
      .filter(
        (r) =>
          r.body.includes('"from":"LiNa"') && r.body.includes('"msgtype":"text"') && r.body.includes('报价'),
      )
      .map((r) => r.msgid);
    expect(oracle.length).toBeGreaterThan(2);
    const hits = await hitIds(page);
    expect([...hits].sort()).toEqual([...oracle].sort());
    const froms = await page
      .locator('.search-results > li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-from')));
    expect(new Set(froms)).toEqual(new Set(['LiNa']));

    // ↑/↓ select in the list; Enter opens the selected hit.
    await input.focus();
    await page.keyboard.press('ArrowDown');
    expect(await activeHit(page)).toBe(hits[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await activeHit(page)).toBe(hits[1]);
    await screenshot(page, 'search-filters-selected');
    await page.keyboard.press('Enter');
    await expect.poll(() => input.count()).toBe(0);
    await expectHitShown(page, hits[1] as string, '报价');
    const bar = page.getByTestId('search-hitbar');
    await expect.poll(() => bar.isVisible()).toBe(true);
    expect(await hitPosition(page)).toBe(1);
    await screenshot(page, 'search-hit-in-timeline');

    // Enter/Shift+Enter on the hit bar (it has the focus after a jump), then F3/Shift+F3, then buttons.
    await page.keyboard.press('Enter');
    await expectHitShown(page, hits[2] as string, '报价');
    expect(await hitPosition(page)).toBe(2);
    await page.keyboard.press('Shift+Enter');
    await expectHitShown(page, hits[1] as string, '报价');
    await page.getByTestId('timeline-scroll').focus();
    await page.keyboard.press('F3');
    await expectHitShown(page, hits[2] as string, '报价');
    await page.keyboard.press('Shift+F3');
    await expectHitShown(page, hits[1] as string, '报价');
    await page.keyboard.press('Shift+F3');
    await expectHitShown(page, hits[0] as string, '报价');
    expect(await page.getByTestId('search-hit-previous').isDisabled()).toBe(true);
    await page.getByTestId('search-hit-next').click();
    await expectHitShown(page, hits[1] as string, '报价');
    await page.getByTestId('search-hit-next').click();
    await expectHitShown(page, hits[2] as string, '报价');
    await page.getByTestId('search-hit-previous').click();
    await expectHitShown(page, hits[1] as string, '报价');

    // Back to the results: query, every filter and the selection are as they were.
    await page.getByTestId('search-back-to-results').click();
    await expect.poll(() => input.inputValue()).toBe('报价');
    expect(await person.locator('.name-picker__chip').getAttribute('data-id')).toBe('LiNa');
    expect(await page.getByTestId('search-filter-msgtype').inputValue()).toBe('text');
    expect(await page.getByTestId('search-filter-from').inputValue()).toBe('2024-01-01');
    await settled(page, { filtersInclude: '"senders":["LiNa"]' });
    expect(await hitIds(page)).toEqual(hits);
    expect(await activeHit(page)).toBe(hits[1]);
    // Enter in the query goes on from the hit opened last; Escape closes and Ctrl+F brings it all back.
    await input.focus();
    await page.keyboard.press('Enter');
    await expectHitShown(page, hits[2] as string, '报价');
    await page.keyboard.press('Control+f');
    await expect.poll(() => input.inputValue()).toBe('报价');
    expect(await activeHit(page)).toBe(hits[2]);
    expect(await person.locator('.name-picker__chip').getAttribute('data-id')).toBe('LiNa');
    await page.keyboard.press('Escape');
    await expect.poll(() => input.count()).toBe(0);

    // The type filter offers every msgtype, labelled in the UI's language (no raw names like "todo").
    await page.keyboard.press('Control+f');
    const types = await page
      .getByTestId('search-filter-msgtype')
      .locator('option')
      .evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(types.length).toBeGreaterThan(30);
    expect(Object.fromEntries(types)).toMatchObject({ todo: '待办', redpacket: '红包', vote: '投票' });
    await page.keyboard.press('Escape');

    // The detail panel of the opened hit states the time zone; Settings changes it.
    const detail = page.getByTestId('message-detail');
    await expect.poll(() => detail.isVisible()).toBe(true);
    const systemZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await detail.textContent()).toContain(systemZone);
    await page.locator('nav.nav').getByRole('button', { name: '设置', exact: true }).click();
    await page.getByTestId('time-zone-select').selectOption('Asia/Tokyo');
    await expect.poll(() => page.getByTestId('time-zone-now').getAttribute('data-zone')).toBe('Asia/Tokyo');
    await page.locator('nav.nav').getByRole('button', { name: '存档', exact: true }).click();
    // The hit bar is still there: open the previous hit again, its detail in the new zone.
    await page.getByTestId('search-hit-previous').click();
    await expectHitShown(page, hits[1] as string, '报价');
    await expect.poll(() => detail.textContent()).toContain('GMT+9 Asia/Tokyo');
    // The chat list's times follow the setting too (they once kept the system's zone).
    const listTimes = await page.locator('time.conv-item__time').evaluateAll((times) =>
      times.map((time) => [
        time.textContent,
        new Intl.DateTimeFormat('zh-CN', {
          dateStyle: 'medium',
          timeStyle: 'medium',
          timeZone: 'Asia/Tokyo',
        }).format(new Date(time.getAttribute('datetime') ?? '')),
      ]),
    );
    expect(listTimes.length).toBeGreaterThan(5);
    for (const [shown, inTokyo] of listTimes) expect(shown).toBe(inTokyo);
    await screenshot(page, 'search-detail-time-zone');
    // Remembered across a reload.
    await page.reload();
    await page.locator('nav.nav').getByRole('button', { name: '设置', exact: true }).click();
    expect(await page.getByTestId('time-zone-select').inputValue()).toBe('Asia/Tokyo');

    expect(problems).toEqual([]);
  });
});
