import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type {} from '../../renderer/features/reading/readingTestHook';
import { openPulledDemo, screenshot, storedRows, useAppSession, type StoredRow } from './support/demo';
import { conversationIdOf, storedJson } from './support/storedMessage';

/**
 * Issue 15 in the real browser shell: the image viewer opened from a chat covers the window (it
 * used to be fixed to its transformed virtual-list row), and the Media screen says who sent each
 * item, in which chat and when, filters by them, leads to the message in its chat and saves files
 * under names that say where they come from.
 */
const session = useAppSession({ port: 47981, language: 'en' });

interface Message {
  row: StoredRow;
  convId: string;
  from: string;
  msgtime: number;
}

let corpId: string;
let messages: Map<string, Message>;

function read(row: StoredRow): Message | null {
  if (!row.raw) return null;
  const json = storedJson(row.raw);
  if (!json) return null;
  const from = typeof json.from === 'string' ? json.from : '';
  const convId = conversationIdOf(json);
  return { row, convId, from, msgtime: typeof json.msgtime === 'number' ? json.msgtime : 0 };
}

async function openAt(page: Page, message: Message): Promise<Locator> {
  await page.evaluate(([c, m]) => window.__archiveReading?.open(c, m), [
    message.convId,
    message.row.msgid,
  ] as const);
  const item = page.locator(
    `[data-testid="timeline"][data-conv="${message.convId}"] .tl-item[data-msgid="${message.row.msgid}"]`,
  );
  await item.waitFor({ state: 'visible', timeout: 15_000 });
  return item;
}

beforeAll(async () => {
  const { page } = session;
  corpId = await openPulledDemo(page);
  messages = new Map(
    (await storedRows(page, corpId))
      .map(read)
      .filter((m): m is Message => m !== null)
      .map((m) => [m.row.msgid, m]),
  );
  await page.getByRole('button', { name: /^(存档|Archive)$/ }).click();
  await page.getByTestId('conversation-list').waitFor();
});

describe('overlays and the Media screen (browser shell, Chromium)', () => {
  it('opens the image viewer from a chat over the whole window, not inside the message row', async () => {
    const { page } = session;
    const image = [...messages.values()].find((m) => m.row.msgtype === 'image');
    if (!image) throw new Error('the demo archive has no image message');
    const item = await openAt(page, image);
    // The case that broke: the row is transformed (a virtual list positions rows with translateY).
    expect(
      await item.evaluate((el) => {
        for (let node: Element | null = el; node; node = node.parentElement)
          if (getComputedStyle(node).transform !== 'none') return true;
        return false;
      }),
    ).toBe(true);
    const thumb = item.locator('.media-card__thumb');
    await thumb.waitFor({ timeout: 30_000 });
    await thumb.click();
    const dialog = page.getByRole('dialog', { name: 'Image viewer' });
    await dialog.waitFor();
    const viewport = page.viewportSize();
    expect(await dialog.boundingBox()).toEqual({
      x: 0,
      y: 0,
      width: viewport?.width,
      height: viewport?.height,
    });
    expect(await dialog.evaluate((el) => el.closest('.tl-item, [data-testid="timeline"]') === null)).toBe(
      true,
    );
    // The topmost element at the window's corners and centre is the viewer.
    const hits = await page.evaluate(() =>
      [
        [2, 2],
        [window.innerWidth - 3, window.innerHeight - 3],
        [window.innerWidth / 2, window.innerHeight - 3],
      ].map(([x, y]) => document.elementFromPoint(x ?? 0, y ?? 0)?.closest('.lightbox') !== null),
    );
    expect(hits).toEqual([true, true, true]);
    // Saved as chat-sender-time, never image-<sdkfileid>.jpg.
    const save = dialog.getByRole('link', { name: 'Save as…' });
    await save.waitFor();
    const name = (await save.getAttribute('download')) ?? '';
    expect(name).toMatch(/-\d{8}-\d{6}\.(jpg|png|gif|webp)$/);
    expect(name).not.toMatch(/^image-/);
    await screenshot(page, 'lightbox-from-chat-en');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back into the page, and the chat is still there.
    await item.waitFor({ state: 'visible' });
  });

  it('shows sender, chat and time for every item on the Media screen, newest first, and filters by them', async () => {
    const { page } = session;
    await page.getByRole('navigation').getByRole('button', { name: 'Media' }).click();
    const panel = page.locator('#media-panel');
    await panel.getByTestId('media-origin').first().waitFor();
    const shown = async () =>
      panel.locator('.media-grid__item').evaluateAll((items) =>
        items.map((item) => ({
          msgid: item.getAttribute('data-msgid') ?? '',
          sender: item.querySelector('[data-testid="media-origin-sender"]')?.textContent ?? '',
          chat: item.querySelector('[data-testid="media-origin-chat"]')?.textContent ?? '',
          time: item.querySelector('[data-testid="media-origin-time"]')?.textContent ?? '',
          showInChat: item.querySelector('[data-testid="media-show-in-chat"]') !== null,
        })),
      );
    const first = await shown();
    expect(first.length).toBeGreaterThan(0);
    for (const item of first) {
      expect(item.sender, item.msgid).not.toMatch(/^(|—)$/);
      expect(item.chat, item.msgid).not.toMatch(/^(|—)$/);
      expect(item.time, item.msgid).not.toMatch(/^(|—)$/);
      expect(item.showInChat, item.msgid).toBe(true);
    }
    const times = first.map((item) => messages.get(item.msgid)?.msgtime ?? NaN);
    expect(times.every((time, i) => i === 0 || time <= (times[i - 1] ?? Infinity))).toBe(true);
    await screenshot(page, 'media-origin-en');

    // By sender: every item shown was sent by them.
    const sender = messages.get(first[0]?.msgid ?? '')?.from ?? '';
    await panel.getByTestId('media-filter-sender').selectOption(sender);
    await expect
      .poll(async () => (await shown()).every((item) => messages.get(item.msgid)?.from === sender))
      .toBe(true);
    expect((await shown()).length).toBeGreaterThan(0);
    await panel.getByTestId('media-filter-sender').selectOption('');

    // By chat.
    const convId = messages.get(first[0]?.msgid ?? '')?.convId ?? '';
    await panel.getByTestId('media-filter-chat').selectOption(convId);
    await expect
      .poll(async () => (await shown()).every((item) => messages.get(item.msgid)?.convId === convId))
      .toBe(true);
    await panel.getByTestId('media-filter-chat').selectOption('');

    // By date: a day after the newest message leaves nothing.
    const after = new Date((times[0] ?? 0) + 2 * 86_400_000);
    const day = `${after.getFullYear()}-${String(after.getMonth() + 1).padStart(2, '0')}-${String(after.getDate()).padStart(2, '0')}`;
    await panel.getByTestId('media-filter-since').fill(day);
    await expect.poll(async () => (await shown()).length).toBe(0);
    await panel.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => (await shown()).length).toBe(first.length);
  });

  it('saves a voice as its original AMR/SILK and as WAV, named after chat, sender and time', async () => {
    const { page } = session;
    const panel = page.locator('#media-panel');
    await panel.getByLabel('Type', { exact: true }).selectOption({ label: 'Voice' });
    const card = panel.locator('.media-card--voice').first();
    const wav = card.getByTestId('save-voice-wav');
    await wav.waitFor({ timeout: 30_000 });
    const original = card.getByTestId('save-voice-original');
    await expect.poll(() => original.getAttribute('data-file-name')).toMatch(/-\d{8}-\d{6}\.(amr|silk)$/);
    const [download] = await Promise.all([page.waitForEvent('download'), wav.click()]);
    expect(download.suggestedFilename()).toMatch(/-\d{8}-\d{6}\.wav$/);
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WAVE');
    const [amr] = await Promise.all([page.waitForEvent('download'), original.click()]);
    expect(amr.suggestedFilename()).toMatch(/\.(amr|silk)$/);
    const head = (await readFile(await amr.path())).subarray(0, 10).toString('latin1');
    expect(head.startsWith('#!AMR') || head.includes('#!SILK')).toBe(true);
    await panel.getByLabel('Type', { exact: true }).selectOption({ label: 'All' });
    // The unfiltered grid is back (not only voices) before the next test reads it.
    await panel.locator('.media-grid__item:not(:has(.media-card--voice))').first().waitFor();
  });

  it('"Show in chat" lands on the message in its chat', async () => {
    const { page } = session;
    const panel = page.locator('#media-panel');
    const msgid = (await panel.locator('.media-grid__item').nth(1).getAttribute('data-msgid')) ?? '';
    const message = messages.get(msgid);
    if (!message) throw new Error(`no stored message ${msgid}`);
    // That item by its message, not "the second": the grid is live, and a list still changing (a filter
    // just cleared) moved the items under the click, which then opened another message than this one.
    await panel
      .locator(`.media-grid__item[data-msgid="${msgid}"]`)
      .first()
      .getByTestId('media-show-in-chat')
      .click();
    const target = page.locator(
      `[data-testid="timeline"][data-conv="${message.convId}"] .tl-item[data-msgid="${msgid}"]`,
    );
    await target.waitFor({ state: 'visible', timeout: 15_000 });
    // In view, not merely rendered above or below it.
    const box = await target.boundingBox();
    const timeline = await page.getByTestId('timeline').boundingBox();
    expect(box && timeline && box.y + box.height > timeline.y && box.y < timeline.y + timeline.height).toBe(
      true,
    );
    await screenshot(page, 'media-show-in-chat-en');
    expect(session.problems).toEqual([]);
  });
});
