import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readMessage } from '../../main/common/message';
import { layoutJson } from '../../main/common/text/jsonLayout';
import type {} from '../../renderer/features/reading/readingTestHook';
import { openPulledDemo, screenshot, storedRows, switchToEnglish, useAppSession } from './support/demo';
import { conversationIdOfRaw } from './support/storedMessage';

/**
 * Reading the demo archive (issue 4) in the real browser shell: conversation list, a group with its
 * resolved name and members, a card for every msgtype, quote jump, recall links, consent lines and
 * the unsupported-type card; screenshots of the main screens in zh-CN and en.
 */
const PORT = 47951;

async function openAt(page: Page, convId: string, msgid: string) {
  await page.evaluate(([c, m]) => window.__archiveReading?.open(c, m), [convId, msgid] as const);
  const item = page.locator(`[data-testid="timeline"][data-conv="${convId}"] [data-msgid="${msgid}"]`);
  await item.waitFor({ state: 'visible', timeout: 15_000 });
  return item;
}

let corpId: string;
let rows: Awaited<ReturnType<typeof storedRows>>;

describe('reading the demo archive', () => {
  const session = useAppSession({ port: PORT, language: 'zh-CN' });

  beforeAll(async () => {
    corpId = await openPulledDemo(session.page);
    rows = await storedRows(session.page, corpId);
    await session.page.getByRole('button', { name: /^(存档|Archive)$/ }).click();
    await session.page.getByTestId('conversation-list').waitFor();
  });

  it('lists every conversation with kinds, counts and badges, newest first', async () => {
    const { page } = session;
    const convIds = new Set(rows.filter((r) => r.raw).map((r) => conversationIdOfRaw(r.raw ?? '')));
    await expect.poll(() => page.locator('.conv-item').count()).toBe(convIds.size);
    for (const kind of ['internal', 'external', 'internal-group', 'external-group']) {
      expect(await page.locator(`.conv-item[data-kind="${kind}"]`).count(), kind).toBeGreaterThan(0);
    }
    expect(await page.locator('.conv-item .badge', { hasText: '机器人' }).count()).toBeGreaterThan(0);
    expect(await page.locator('.conv-item .badge', { hasText: '上下游' }).count()).toBeGreaterThan(0);
    await page.getByTestId('conversation-filter').fill('zzzz-no-such-chat');
    await expect.poll(() => page.locator('.conv-item').count()).toBe(0);
    await page.getByTestId('conversation-filter').fill('');
    await page.locator('.chip[data-kind="external-group"]').click();
    const external = await page
      .locator('.conv-item')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
    expect(new Set(external)).toEqual(new Set(['external-group']));
    await page.locator('.chip[data-kind="all"]').click();
  });

  it('shows an internal group with its resolved name, members and join times', async () => {
    const { page } = session;
    // Names come from main through msgaudit/groupchat/get (the API emulator) and are cached.
    const named = page.locator('.conv-item[data-kind="internal-group"]').filter({ hasNotText: /^wr/ });
    await expect
      .poll(async () =>
        page
          .locator('.conv-item[data-kind="internal-group"] .conv-item__title', {
            hasNotText: /wr[A-Za-z0-9]{8,}/,
          })
          .count(),
      )
      .toBeGreaterThan(0);
    await named.first().click();
    await page.getByTestId('group-name').waitFor();
    expect((await page.getByTestId('group-name').textContent())?.trim()).not.toBe('—');
    const members = page.getByTestId('group-members').locator('li');
    expect(await members.count()).toBeGreaterThan(1);
    expect(await members.first().textContent()).toMatch(/加入于 .*\d/);
    await screenshot(page, 'reading-group-zh-CN');
  });

  it('renders a card for every msgtype, an unsupported card for unknown ones, and never crashes', async () => {
    const { page } = session;
    const byType = new Map<string, { msgid: string; convId: string }>();
    for (const row of rows) {
      if (!row.raw || !row.msgtype || byType.has(row.msgtype)) continue;
      byType.set(row.msgtype, { msgid: row.msgid, convId: conversationIdOfRaw(row.raw) });
    }
    const expectedCard: Record<string, string> = {
      image: 'image',
      voice: 'voice',
      video: 'video',
      file: 'file',
      emotion: 'emotion',
      card: 'card',
      location: 'location',
      link: 'link',
      weapp: 'weapp',
      chatrecord: 'chatrecord',
      mixed: 'mixed',
      todo: 'todo',
      vote: 'vote',
      collect: 'collect',
      redpacket: 'redpacket',
      external_redpacket: 'redpacket',
      meeting: 'meeting',
      meeting_notification: 'meeting_notification',
      docmsg: 'docmsg',
      markdown: 'markdown',
      news: 'news',
      calendar: 'calendar',
      meeting_voice_call: 'meeting_voice_call',
      voip_doc_share: 'voip_doc_share',
      sphfeed: 'sphfeed',
      voiptext: 'voiptext',
      qydiskfile: 'qydiskfile',
      solitaire: 'solitaire',
      note: 'note',
    };
    for (const [msgtype, card] of Object.entries(expectedCard)) {
      const target = byType.get(msgtype);
      expect(target, `demo has a ${msgtype}`).toBeDefined();
      if (!target) continue;
      const item = await openAt(page, target.convId, target.msgid);
      // The row may redraw once its page settles (a pull or count refresh): wait for the card, don't sample once.
      await expect
        .poll(() => item.locator(`[data-card="${card}"]`).count(), { message: msgtype, timeout: 10_000 })
        .toBeGreaterThan(0);
    }
    // System lines are marked with their own msgtype.
    for (const msgtype of ['revoke', 'agree', 'disagree', 'switch']) {
      const target = byType.get(msgtype);
      if (!target) continue;
      const item = await openAt(page, target.convId, target.msgid);
      expect(await item.locator(`[data-system="${msgtype}"]`).count(), msgtype).toBe(1);
    }
    const text = byType.get('text');
    if (text)
      expect(
        await (await openAt(page, text.convId, text.msgid)).locator('.rich-text').count(),
      ).toBeGreaterThan(0);
    // The demo's malformed message (an image without its payload) is shown as its raw JSON.
    const malformed = rows.find(
      (row) => row.raw !== undefined && readMessage(row.raw, row).body.kind === 'unsupported',
    );
    expect(malformed, 'demo has a message without a typed body').toBeDefined();
    if (malformed?.raw) {
      const item = await openAt(page, conversationIdOfRaw(malformed.raw), malformed.msgid);
      await item.locator('[data-card="unsupported"]').waitFor();
      expect(await item.locator('pre').textContent()).toContain(`"${malformed.msgtype ?? ''}"`);
      await screenshot(page, 'reading-unsupported-zh-CN');
    }
    expect(session.problems).toEqual([]);
  });

  it('renders quotes above the reply and jumps to the quoted message', async () => {
    const { page } = session;
    const quote = rows.find((r) => r.msgtype === 'text' && r.raw?.includes('这是一条引用/回复消息：\\n\\"'));
    expect(quote).toBeDefined();
    if (!quote?.raw) return;
    const item = await openAt(page, conversationIdOfRaw(quote.raw), quote.msgid);
    await item.getByTestId('quote-block').waitFor();
    const jump = item.getByTestId('quote-jump');
    await jump.waitFor();
    const target = await jump.getAttribute('data-target');
    await jump.click();
    await page.locator(`[data-msgid="${target}"].tl-item--highlight`).waitFor();
    await screenshot(page, 'reading-quote-zh-CN');
  });

  it('links a recall and its original both ways, and shows consent lines', async () => {
    const { page } = session;
    const revokes = rows.filter((r) => r.msgtype === 'revoke' && r.raw);
    const linked = revokes.find((r) => {
      const pre = /"pre_msgid":"([^"]+)"/.exec(r.raw ?? '')?.[1];
      return pre !== undefined && rows.some((o) => o.msgid === pre);
    });
    expect(linked).toBeDefined();
    if (!linked?.raw) return;
    const original = /"pre_msgid":"([^"]+)"/.exec(linked.raw)?.[1] ?? '';
    const convId = conversationIdOfRaw(linked.raw);
    const revokeItem = await openAt(page, convId, linked.msgid);
    await revokeItem.getByTestId('revoke-jump').click();
    const originalItem = page.locator(`[data-msgid="${original}"]`);
    await originalItem.getByTestId('recalled-mark').waitFor();
    await originalItem.getByTestId('recalled-mark').getByRole('button').click();
    await page.locator(`[data-msgid="${linked.msgid}"].tl-item--highlight`).waitFor();

    const disagree = rows.find((r) => r.msgtype === 'disagree');
    if (disagree?.raw) {
      const item = await openAt(page, conversationIdOfRaw(disagree.raw), disagree.msgid);
      expect(await item.textContent()).toContain('不同意会话存档');
    }
  });

  it('jumps to a date in the busiest chat: the first message of that day is shown and focused', async () => {
    const { page } = session;
    const byConv = new Map<string, Array<{ msgid: string; msgtime: number }>>();
    for (const row of rows) {
      if (!row.raw) continue;
      const msgtime = Number(/"msgtime":(\d+)/.exec(row.raw)?.[1] ?? NaN);
      if (!Number.isFinite(msgtime)) continue;
      const convId = conversationIdOfRaw(row.raw);
      byConv.set(convId, [...(byConv.get(convId) ?? []), { msgid: row.msgid, msgtime }]);
    }
    const [convId, messages] = [...byConv].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
    messages.sort((a, b) => a.msgtime - b.msgtime || (a.msgid < b.msgid ? -1 : 1));
    const dayOf = (ms: number) => {
      const d = new Date(ms);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    const days = [...new Set(messages.map((m) => dayOf(m.msgtime)))];
    expect(days.length, 'the busiest chat spans several days').toBeGreaterThan(2);
    const last = messages.at(-1);
    if (!last) throw new Error('no messages');
    await openAt(page, convId, last.msgid);
    for (const day of [days[1], days[0]]) {
      if (!day) continue;
      const first = messages.find((m) => dayOf(m.msgtime) === day);
      await page.getByTestId('jump-date').fill(day);
      await page.getByTestId('jump-date').press('Enter');
      await page.locator(`.tl-item--highlight[data-msgid="${first?.msgid ?? ''}"]`).waitFor();
      expect(await page.locator(`[data-msgid="${first?.msgid ?? ''}"]`).isVisible()).toBe(true);
    }
  });

  it('shows message detail with seq, msgid, key version, status and raw JSON', async () => {
    const { page } = session;
    const row = rows.find((r) => r.msgtype === 'text' && r.raw);
    if (!row?.raw) throw new Error('no text');
    const item = await openAt(page, conversationIdOfRaw(row.raw), row.msgid);
    await item.click();
    const detail = page.getByTestId('message-detail');
    await detail.waitFor();
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain(row.seq);
    expect(text).toContain(row.msgid);
    // Pretty by default, compact on request; both keep every token of the raw text.
    const raw = detail.getByTestId('raw-json');
    expect(await raw.textContent()).toBe(layoutJson(row.raw, 'pretty'));
    await detail.getByTestId('raw-json-compact').click();
    expect(await raw.textContent()).toBe(layoutJson(row.raw, 'compact'));
    await screenshot(page, 'reading-detail-zh-CN');
  });

  it('switches to English and keeps working (screenshots)', async () => {
    const { page } = session;
    await switchToEnglish(page);
    await screenshot(page, 'reading-detail-en');
    await page.locator('.conv-item[data-kind="internal-group"]').first().click();
    await page.getByTestId('conversation-detail').waitFor();
    await screenshot(page, 'reading-group-en');
    expect(session.problems).toEqual([]);
  });
});
