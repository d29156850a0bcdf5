import { describe, expect, it } from 'vitest';
import { extractText } from '../../renderer/search/extractText';
import { normalizeText } from '../../renderer/search/normalize';
import { useStandinFaults } from './support/standinFaults';
import {
  demoCorpus,
  openDemoFromWelcome,
  screenshot,
  storedRows,
  storeRows,
  useAppSession,
  waitForStored,
  waitPullIdle,
} from './support/demo';

/**
 * Issue 12, must show (demo archive, browser shell in Chromium): a rule made from a word list (BOM,
 * CRLF, a blank line), its live count over the stored archive, saved, the retroactive run finishing,
 * alerts triaged by keyboard (dismiss with a reason, escalate, add to a case), the triage entries in
 * the audit trail, and alerts for messages pulled after the rule was saved.
 */

const WORDS = ['回扣', '返点', '折扣', '转账'];
const WORD_LIST = `\uFEFF${WORDS[0]}\r\n${WORDS[1]}\r\n\r\n${WORDS[2]}\r\n${WORDS[3]}\r\n`;

// A slow first pull (small pages, latency) so it can be stopped part way; emptied later for "new messages".
const faults = useStandinFaults(() => ['max_limit_301058=100', 'latency_ms=250']);

const session = useAppSession(() => ({ port: 47931, language: 'en', env: faults.env }));

/** An alert row as stored: its text and hits are sealed at rest, the triage state is plain. */
interface RawAlert {
  msgid: string;
  status: string;
  dismissReason?: string;
  caseIds?: string[];
}

describe('lexicon rules and alerts (browser shell, Chromium)', () => {
  it('builds a rule from a word list, counts live, runs back over history, triages by keyboard and alerts on new messages', async () => {
    const { page, problems } = session;
    const corpus = await demoCorpus();
    const matching = new Set(
      corpus
        .filter((r) => {
          const text = normalizeText(extractText(r.body));
          return WORDS.some((w) => text.includes(w));
        })
        .map((r) => r.msgid),
    );
    expect(matching.size).toBeGreaterThan(10);

    // 1. The first pull, stopped part way.
    const corpId = await openDemoFromWelcome(page);
    await waitForStored(page, corpId, 600);
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitPullIdle(page, corpId);
    const firstPart = new Set((await storedRows(page, corpId)).map((r) => r.msgid));
    expect(firstPart.size).toBeLessThan(corpus.length);
    const expectedFirst = [...matching].filter((id) => firstPart.has(id));
    expect(expectedFirst.length).toBeGreaterThan(0);

    // 2. A rule from a word list; the editor opens with its terms and counts them live.
    await page.getByRole('button', { name: 'Rules', exact: true }).click();
    await page.locator('input[type=file][accept=".txt,text/plain"]').setInputFiles({
      name: 'risk-words.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(WORD_LIST, 'utf8'),
    });
    await expect.poll(() => page.getByTestId('rule-terms').inputValue()).toBe(`${WORDS.join('\n')}\n`);
    expect(await page.getByTestId('rule-name').inputValue()).toBe('risk-words');
    const count = page.getByTestId('rule-preview-count');
    await expect
      .poll(
        async () =>
          (await count.getAttribute('aria-busy')) === 'false' ? await count.getAttribute('data-count') : null,
        {
          timeout: 30_000,
        },
      )
      .toBe(String(expectedFirst.length));
    const previewHits = page.getByTestId('rule-preview-hit');
    expect(await previewHits.count()).toBe(Math.min(20, expectedFirst.length));
    const marked = await previewHits.locator('mark').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    for (const text of marked) expect(WORDS.some((w) => normalizeText(text).includes(w))).toBe(true);

    // The test box explains a hit (and its folding) and a miss.
    await page.getByTestId('rule-test-text').fill('给你九折ＸＸ折扣，私下转账');
    await expect.poll(() => page.getByTestId('rule-test-result').getAttribute('data-raises')).toBe('true');
    await page.getByTestId('rule-test-text').fill('今天天气不错');
    await expect.poll(() => page.getByTestId('rule-test-result').getAttribute('data-raises')).toBe('false');
    await screenshot(page, 'rules-editor-live-count');

    // 3. Save: the retroactive run finishes; alerts equal the live count.
    await page.getByTestId('rule-save').click();
    await expect
      .poll(() => page.getByTestId('rules-run').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('done');
    const alerts = await storeRows<RawAlert>(page, 'alerts');
    expect(alerts.map((a) => a.msgid).sort()).toEqual([...expectedFirst].sort());
    await screenshot(page, 'rules-run-done');

    // Alerts are marks in the search results and in the timeline, where the card marks the matched span.
    const textOf = new Map(corpus.map((r) => [r.msgid, normalizeText(extractText(r.body))]));
    // A word whose messages fit on the first page of results (50).
    const [word, withWord] = WORDS.map(
      (w) => [w, expectedFirst.filter((id) => textOf.get(id)?.includes(w))] as const,
    )
      .filter(([, ids]) => ids.length > 0 && ids.length <= 50)
      .sort((a, b) => b[1].length - a[1].length)[0] as readonly [string, string[]];
    await page.keyboard.press('Control+f');
    await page.getByTestId('search-input').fill(word);
    await page.waitForFunction(
      (query) =>
        document.querySelector<HTMLElement>('[data-testid="search-total"]')?.dataset.query === query &&
        document.querySelector('.search-results')?.getAttribute('aria-busy') !== 'true',
      word,
    );
    const hitItems = page.locator('.search-results > li');
    await expect.poll(() => hitItems.count()).toBe(withWord.length);
    await expect.poll(() => hitItems.locator('[data-testid=alert-badge]').count()).toBe(withWord.length);
    const hitIds = await hitItems.evaluateAll((items) => items.map((li) => li.getAttribute('data-msgid')));
    expect([...hitIds].sort()).toEqual([...withWord].sort());
    const opened = withWord[0] as string;
    await page.locator(`.search-results > li[data-msgid="${opened}"] .search-hit__open`).click();
    const card = page.locator(`.tl-item[data-msgid="${opened}"]`).first();
    await expect.poll(() => card.isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => card.locator('[data-testid=alert-badge]').count()).toBe(1);
    const cardSpans = await card.locator('[data-testid=alert-excerpt] mark.alert-hit').allTextContents();
    expect(cardSpans.map((span) => normalizeText(span))).toContain(word);
    for (const span of cardSpans) expect(WORDS).toContain(normalizeText(span));
    await screenshot(page, 'alert-marks-in-timeline');

    // 4. Triage by keyboard on the Alerts screen.
    await page.getByRole('button', { name: 'Alerts', exact: true }).click();
    const queue = page.getByTestId('alerts-queue');
    await queue.waitFor();
    // Each card marks exactly the matched span (alert texts are sealed at rest: read through the screen).
    const spans = await queue.locator('mark.alert-hit').allTextContents();
    expect(spans.length).toBeGreaterThanOrEqual(expectedFirst.length);
    for (const span of spans) expect(WORDS).toContain(normalizeText(span));
    await queue.focus();
    const activeMsgid = async () =>
      page.locator('[data-testid=alert-item][aria-selected=true]').getAttribute('data-msgid');
    const dismissed = await activeMsgid();
    await page.keyboard.press('d');
    await page.getByTestId('alerts-dismiss-reason').fill('Normal business discount');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator(`[data-testid=alert-item][data-msgid="${dismissed}"]`).count())
      .toBe(0);
    await expect.poll(() => page.getByTestId('alerts-dismiss-form').count()).toBe(0);
    await expect.poll(() => queue.evaluate((el) => el === document.activeElement)).toBe(true);
    const escalated = await activeMsgid();
    expect(escalated).not.toBe(dismissed);
    await page.keyboard.press('e');
    await expect
      .poll(() => page.locator(`[data-testid=alert-item][data-msgid="${escalated}"]`).count())
      .toBe(0);
    // Into a case: c opens the add-to-case dialog; a new case takes the message.
    const cased = await activeMsgid();
    await page.keyboard.press('c');
    const dialog = page.getByTestId('add-to-case-dialog');
    await dialog.waitFor();
    await dialog.getByRole('textbox').first().fill('Discount kickbacks');
    await dialog.locator('button[type=submit]').click();
    await expect.poll(() => page.locator(`[data-testid=alert-item][data-msgid="${cased}"]`).count()).toBe(0);
    const triaged = await storeRows<RawAlert>(page, 'alerts');
    const byId = new Map(triaged.map((a) => [a.msgid, a]));
    expect(byId.get(dismissed ?? '')).toMatchObject({
      status: 'dismissed',
      dismissReason: 'Normal business discount',
    });
    expect(byId.get(escalated ?? '')).toMatchObject({ status: 'escalated' });
    expect(byId.get(cased ?? '')?.status).toBe('escalated');
    expect(byId.get(cased ?? '')?.caseIds).toHaveLength(1);
    await screenshot(page, 'alerts-triaged');

    // 5. The triage entries are in the audit trail, on its screen too.
    const trail = await storeRows<{ action: string; target: { msgid?: string }; reviewer: { name: string } }>(
      page,
      'auditTrail',
    );
    const triage = trail.filter((e) => e.action.startsWith('alert.')).map((e) => [e.action, e.target.msgid]);
    expect(triage).toEqual([
      ['alert.dismissed', dismissed],
      ['alert.escalated', escalated],
      ['alert.added-to-case', cased],
    ]);
    expect(trail.some((e) => e.action === 'rule.saved')).toBe(true);
    expect(new Set(trail.filter((e) => e.action.startsWith('alert.')).map((e) => e.reviewer.name))).toEqual(
      new Set(['E2E 审阅人']),
    );
    await page.getByRole('button', { name: 'Audit', exact: true }).click();
    await expect.poll(() => page.getByText('Alert dismissed').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Alert added to a case').count()).toBeGreaterThan(0);

    // 6. New messages: the rest of the corpus is pulled; each batch is checked after it is stored.
    faults.write([]);
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await page.getByRole('button', { name: 'Start pull' }).click();
    expect(await waitForStored(page, corpId, corpus.length)).toBe(corpus.length);
    await waitPullIdle(page, corpId);
    await expect
      .poll(async () => (await storeRows<RawAlert>(page, 'alerts')).length, { timeout: 30_000 })
      .toBe(matching.size);
    const after = await storeRows<RawAlert>(page, 'alerts');
    const fresh = after.filter((a) => !firstPart.has(a.msgid));
    expect(fresh.length).toBeGreaterThan(0);
    expect(new Set(fresh.map((a) => a.status))).toEqual(new Set(['open']));
    // Triage survived the new batches.
    expect(after.find((a) => a.msgid === dismissed)?.status).toBe('dismissed');
    await page.getByRole('button', { name: 'Alerts', exact: true }).click();
    await expect.poll(() => page.getByTestId('alert-item').count()).toBe(matching.size - 3);
    await screenshot(page, 'alerts-after-new-messages');
    expect(problems).toEqual([]);
  });
});
