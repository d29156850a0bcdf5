import type {} from '../../renderer/features/reading/readingTestHook';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPulledDemo, screenshot, useAppSession } from './support/demo';
import { caseByKeyboard, noteByKeyboard, timelineOf } from './support/reviewKeys';

/**
 * Issue 11 (marks, triage, cases): a reviewer flags three messages by keyboard, tags one, writes a
 * note, marks the chat reviewed up to a message, adds two messages from different chats to a case,
 * and filters search by flag, tag and note; after a page reload all of it is there, and the Audit
 * screen lists every action with the reviewer's name.
 */
const REVIEWER = 'Ada Reviewer';
const session = useAppSession({ port: 47978, language: 'en', reviewer: { name: REVIEWER } });

/** The two group chats with the most messages, and their messages in time order (raw store). */
async function twoChats(page: Page): Promise<{ convId: string; msgids: string[] }[]> {
  return page.evaluate(
    () =>
      new Promise<{ convId: string; msgids: string[] }[]>((resolve, reject) => {
        const open = indexedDB.open('wecom-archive');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('messages').objectStore('messages').getAll();
          request.onsuccess = () => {
            db.close();
            const byConv = new Map<string, { msgid: string; msgtime: number }[]>();
            for (const row of request.result as { convId?: string; msgid: string; msgtime?: number }[]) {
              if (!row.convId?.startsWith('g:')) continue;
              const list = byConv.get(row.convId) ?? [];
              list.push({ msgid: row.msgid, msgtime: row.msgtime ?? 0 });
              byConv.set(row.convId, list);
            }
            resolve(
              [...byConv]
                .sort((a, b) => b[1].length - a[1].length)
                .slice(0, 2)
                .map(([convId, rows]) => ({
                  convId,
                  msgids: rows.sort((a, b) => a.msgtime - b.msgtime).map((row) => row.msgid),
                })),
            );
          };
        };
      }),
  );
}

/** Opens a chat at a message and puts the keyboard in its timeline; answers the message's row index. */
async function openAt(page: Page, convId: string, msgid: string): Promise<number> {
  await page.evaluate(([c, m]) => window.__archiveReading?.open(c, m), [convId, msgid] as const);
  const row = timelineOf(page, convId).locator(`.tl-item[data-msgid="${msgid}"]`);
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await expect.poll(() => row.getAttribute('class')).toContain('tl-item--highlight');
  await timelineOf(page, convId).getByTestId('timeline-scroll').focus();
  return Number(await row.getAttribute('data-index'));
}

const rowAt = (page: Page, convId: string, index: number) =>
  timelineOf(page, convId).locator(`.tl-item[data-index="${index}"]`);

async function searchTotal(page: Page): Promise<number> {
  const total = page.getByTestId('search-total');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="search-panel"] [aria-busy="true"]') === null,
  );
  return Number(await total.getAttribute('data-total'));
}

async function navigate(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
}

describe('marks, keyboard triage and cases (browser shell, Chromium)', () => {
  it('flags, tags, notes, reviews and builds a case by keyboard; all of it survives a reload and is in the trail', async () => {
    const { page, problems } = session;
    await openPulledDemo(page);
    const [chatA, chatB] = await twoChats(page);
    if (!chatA || !chatB || chatA.msgids.length < 6) throw new Error('the demo corpus needs two group chats');

    // Three messages flagged by keyboard: f, j, f, j, f.
    const start = chatA.msgids[chatA.msgids.length - 6] ?? '';
    const first = await openAt(page, chatA.convId, start);
    await page.keyboard.press('f');
    await page.keyboard.press('j');
    await page.keyboard.press('f');
    await page.keyboard.press('j');
    await page.keyboard.press('f');
    for (const index of [first, first + 1, first + 2])
      await expect.poll(() => rowAt(page, chatA.convId, index).getAttribute('data-flag')).toBe('medium');
    // The third flagged message, which gets the tag, the note and the review mark (a locator: re-found each use).
    const third = rowAt(page, chatA.convId, first + 2);
    const flagged = await Promise.all(
      [first, first + 1, first + 2].map((index) =>
        rowAt(page, chatA.convId, index).getAttribute('data-msgid'),
      ),
    );

    // t: tag the current message (the third flagged one).
    await page.keyboard.press('t');
    const tagDialog = page.getByTestId('tag-dialog');
    await tagDialog.getByTestId('tag-input').fill('insider');
    await page.keyboard.press('Enter');
    await tagDialog.waitFor({ state: 'detached' });
    await expect.poll(() => third.locator('[data-tag="insider"]').count()).toBe(1);

    // A known tag is recoloured from the same dialog, on every message that has it.
    await page.keyboard.press('t');
    await tagDialog.getByTestId('tag-input').fill('insider');
    const colours = tagDialog.getByTestId('tag-colours').locator('input[type="radio"]');
    const before = await tagDialog.getByTestId('tag-colours').locator('input:checked').getAttribute('value');
    const next = (
      await colours.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
    ).find((value) => value !== before);
    if (!next) throw new Error('only one tag colour');
    await tagDialog.getByTestId('tag-colours').locator(`input[value="${next}"]`).check();
    await page.keyboard.press('Escape');
    await tagDialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => third.locator('[data-tag="insider"]').evaluate((el) => getComputedStyle(el).color))
      .toBe(
        await page.evaluate((hex) => {
          const probe = document.createElement('span');
          probe.style.color = hex;
          document.body.append(probe);
          const rgb = getComputedStyle(probe).color;
          probe.remove();
          return rgb;
        }, next),
      );

    // n: a note of two lines.
    await noteByKeyboard(page, 'Check with legal\nsecond line');
    await expect.poll(() => third.locator('[data-note]').count()).toBe(1);

    // r: the chat is reviewed up to this message.
    await timelineOf(page, chatA.convId).getByTestId('timeline-scroll').focus();
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('review-state').getAttribute('data-state')).toBe('reviewed');
    expect(await page.getByTestId('reviewed-up-to').getAttribute('data-msgid')).toBe(flagged[2]);
    await expect.poll(() => third.getByTestId('reviewed-line').count()).toBe(1);

    // The chat list shows the counts and the state.
    const listed = page.locator(`.conv-item[data-conv="${chatA.convId}"]`);
    await expect.poll(() => listed.locator('[data-flags]').getAttribute('data-flags')).toBe('3');
    expect(await listed.locator('[data-review-state]').getAttribute('data-review-state')).toBe('reviewed');

    // ?: the shortcut sheet, closed with Escape.
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcut-sheet');
    await sheet.waitFor();
    expect(await sheet.innerText()).toContain('Keyboard shortcuts');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    await screenshot(page, 'review-marks-en');

    // x + c: the current message into a new case.
    await caseByKeyboard(page, chatA.convId, 'Leak inquiry');

    // In the other chat: click and Shift-click select a run; one message goes into the same case.
    const otherMsgid = chatB.msgids[chatB.msgids.length - 3] ?? '';
    const other = await openAt(page, chatB.convId, otherMsgid);
    await rowAt(page, chatB.convId, other).getByTestId('message-select').click();
    await rowAt(page, chatB.convId, other + 2)
      .getByTestId('message-select')
      .click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selection-count').getAttribute('data-count')).toBe('3');
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await timelineOf(page, chatB.convId).getByTestId('timeline-scroll').focus();
    await page.keyboard.press('c');
    const caseDialog = page.getByTestId('add-to-case-dialog');
    await caseDialog.locator('input[data-case-name="Leak inquiry"]').check();
    await caseDialog.getByTestId('case-add').click();
    await caseDialog.waitFor({ state: 'detached' });
    // The keyboard stays on the message clicked last (the end of the run).
    const currentB = await rowAt(page, chatB.convId, other + 2).getAttribute('data-msgid');

    // Search filtered by flag, by tag and by note text.
    await page.keyboard.press('Control+f');
    await page.getByTestId('search-filter-flag').selectOption('any');
    await expect.poll(() => searchTotal(page)).toBe(3);
    const hits = await page
      .locator('.search-hit')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.msgid));
    expect(hits.sort()).toEqual([...flagged].sort());
    await page.getByTestId('search-filter-flag').selectOption('');
    await page.getByTestId('search-filter-tag').selectOption('insider');
    await expect.poll(() => searchTotal(page)).toBe(1);
    expect(await page.locator('.search-hit').getAttribute('data-msgid')).toBe(flagged[2]);
    expect(await page.locator('.search-hit').getAttribute('data-tags')).toBe('insider');
    await page.getByTestId('search-filter-tag').selectOption('');
    await page.getByTestId('search-filter-note').fill('LEGAL');
    await expect.poll(() => searchTotal(page)).toBe(1);
    await page.getByTestId('search-filter-note').fill('');
    await page.getByTestId('search-filter-review-state').selectOption('reviewed');
    await expect.poll(() => searchTotal(page)).toBe(chatA.msgids.length);
    await page.getByTestId('search-filter-review-state').selectOption('');
    await page.keyboard.press('Escape');

    // After a reload: marks, note text, review state and the case are all there.
    await page.reload();
    await page.waitForFunction(() => window.__archiveTest !== undefined);
    await openAt(page, chatA.convId, start);
    for (const index of [first, first + 1, first + 2])
      await expect.poll(() => rowAt(page, chatA.convId, index).getAttribute('data-flag')).toBe('medium');
    expect(await third.locator('[data-tag="insider"]').count()).toBe(1);
    await expect.poll(() => page.getByTestId('review-state').getAttribute('data-state')).toBe('reviewed');
    await third.click({ position: { x: 4, y: 4 } });
    await page.keyboard.press('n');
    await expect
      .poll(() => page.getByTestId('note-dialog').getByTestId('note-text').inputValue())
      .toBe('Check with legal\nsecond line');
    await page.keyboard.press('Escape');

    await navigate(page, 'Cases');
    await page.getByTestId('cases-screen').locator('[data-case-name="Leak inquiry"]').click();
    const items = page.getByTestId('case-timeline').locator('.case-item');
    await expect.poll(() => items.count()).toBe(2);
    const refs = await items.evaluateAll((list) => list.map((item) => (item as HTMLElement).dataset.ref));
    expect(refs.sort()).toEqual([flagged[2], currentB].sort());
    const convs = await items.evaluateAll((list) => list.map((item) => (item as HTMLElement).dataset.conv));
    expect(new Set(convs)).toEqual(new Set([chatA.convId, chatB.convId]));
    // The case's timeline shows the marks too.
    const tagged = items.filter({ has: page.locator('[data-tag="insider"]') });
    expect(await tagged.getAttribute('data-ref')).toBe(flagged[2]);
    await screenshot(page, 'review-case-en');

    // The Audit screen lists every action with the reviewer's name.
    await navigate(page, 'Audit');
    const audit = page.getByTestId('audit-screen');
    const table = audit.locator('table');
    const LABELS: Record<string, string> = {
      'mark.added': 'Mark added',
      'note.edited': 'Note edited',
      'review.state-changed': 'Review state changed',
      'case.created': 'Case created',
      'case.item-added': 'Added to case',
    };
    const rowsOf = async (action: string) => {
      await page.getByTestId('audit-filter-action').selectOption(action);
      const read = () =>
        table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).innerText));
      // Read once every row listed is of this action (the list re-queries after the filter changes).
      await expect
        .poll(async () => {
          const rows = await read();
          return rows.length > 0 && rows.every((row) => row.includes(LABELS[action] ?? action));
        })
        .toBe(true);
      return read();
    };
    const added = await rowsOf('mark.added');
    expect(added.filter((row) => row.includes('"severity":"medium"'))).toHaveLength(3);
    expect(added.filter((row) => row.includes('"tag":"insider"'))).toHaveLength(1);
    const notes = await rowsOf('note.edited');
    expect(notes).toHaveLength(1);
    expect(notes[0]).not.toContain('legal');
    expect(await rowsOf('review.state-changed')).toHaveLength(1);
    expect(await rowsOf('case.created')).toHaveLength(1);
    expect(await rowsOf('case.item-added')).toHaveLength(2);
    for (const action of [
      'mark.added',
      'note.edited',
      'review.state-changed',
      'case.created',
      'case.item-added',
    ])
      for (const row of await rowsOf(action)) expect(row).toContain(REVIEWER);
    expect(problems).toEqual([]);
  });
});
