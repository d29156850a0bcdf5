import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoCorpusDir } from '../../build/paths';
import type {} from '../../renderer/features/reading/readingTestHook';
import {
  demoCorpid,
  demoCorpus,
  openPulledDemo,
  screenshot,
  storedRows,
  useAppSession,
} from './support/demo';
import { conversationIdOf, storedJson } from './support/storedMessage';

/**
 * Issue 11, People: in the demo archive a sender's name opens their person view (chats, counts per chat
 * and per day, first/last message, their own messages across chats, windowed); importing the staff
 * directory (CSV with BOM, CRLF and quotes) names internal staff everywhere; and where a name is known
 * no raw user id stands in for it — sampled in search hits, a search scope, consent lines and system
 * records.
 */
const PORT = 47967;

interface ApiCorp {
  users: Array<{ userid: string; name: string; position?: string }>;
  externalContacts: Array<{ external_userid: string; name: string }>;
  robots: Array<{ robot_id: string; name: string }>;
  roomAgree: Record<string, Array<{ exteranalopenid: string }>>;
}

function apiCorp(): ApiCorp {
  const api = JSON.parse(readFileSync(path.join(demoCorpusDir, 'api.json'), 'utf8')) as {
    corps: Record<string, ApiCorp>;
  };
  const corp = api.corps[demoCorpid()];
  if (!corp) throw new Error('no demo corp in api.json');
  return corp;
}

interface Parsed {
  msgid: string;
  from: string;
  convId: string;
  msgtime: number;
  msgtype: string;
}

function parse(raw: string, msgid: string): Parsed | null {
  const json = storedJson(raw);
  if (!json) return null;
  // A `switch` record names its user and time differently (docs/wecom-sdk.md §4.1).
  const from = typeof json.from === 'string' ? json.from : typeof json.user === 'string' ? json.user : '';
  const convId = conversationIdOf(json);
  return {
    msgid,
    from,
    convId,
    msgtime: Number(json.msgtime ?? json.time ?? 0),
    msgtype: typeof json.msgtype === 'string' ? json.msgtype : '',
  };
}

const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

async function openChat(page: Page, convId: string, msgid?: string): Promise<void> {
  await page.evaluate(([c, m]) => window.__archiveReading?.open(c, m), [convId, msgid] as const);
  await page.locator(`[data-testid="timeline"][data-conv="${convId}"]`).waitFor();
}

let corpId: string;
let messages: Parsed[];

describe('people (browser shell, Chromium)', () => {
  const session = useAppSession({ port: PORT, language: 'en' });

  beforeAll(async () => {
    corpId = await openPulledDemo(session.page);
    // The plaintext from the corpus (IndexedDB holds it sealed), for the messages stored as decrypted.
    const ok = new Set(
      (await storedRows(session.page, corpId)).filter((row) => row.status === 'ok').map((row) => row.msgid),
    );
    const corpus = (await demoCorpus()).filter((record) => ok.has(record.msgid));
    messages = corpus
      .map((record) => parse(record.body, record.msgid))
      .filter((m): m is Parsed => m !== null && m.from !== '');
    expect(messages.length).toBe(corpus.length);
    await session.page.getByRole('button', { name: 'Archive', exact: true }).click();
    await session.page.getByTestId('conversation-list').waitFor();
  });

  it('opens a person view from a sender name: chats, counts per chat and per day, and their own timeline', async () => {
    const { page } = session;
    // The busiest internal sender of the archive.
    const counts = new Map<string, number>();
    for (const m of messages) counts.set(m.from, (counts.get(m.from) ?? 0) + 1);
    const [userid = ''] =
      [...counts].filter(([id]) => !/^w[mob]/.test(id)).sort((a, b) => b[1] - a[1])[0] ?? [];
    const own = messages.filter((m) => m.from === userid);
    const perChat = new Map<string, number>();
    for (const m of own) perChat.set(m.convId, (perChat.get(m.convId) ?? 0) + 1);
    const sample = own.find((m) => m.msgtype === 'text') ?? own[0];
    if (!sample) throw new Error('no sender in the demo archive');

    await openChat(page, sample.convId, sample.msgid);
    const item = page.locator(`[data-testid="timeline"] .tl-item[data-msgid="${sample.msgid}"]`);
    await item.waitFor();
    await item.getByTestId('sender-name').click();

    const view = page.getByTestId('person-view');
    await view.waitFor();
    expect(await view.getAttribute('data-userid')).toBe(userid);
    await expect
      .poll(() => page.locator('#person-timeline-title').textContent())
      .toBe(`Their messages (${own.length})`);

    // Every chat they wrote in, with how many they wrote there.
    for (const [convId, sent] of perChat) {
      const row = page.locator('#person-chats tr', { has: page.locator(`[data-conv="${convId}"]`) });
      expect(await row.locator('td').nth(1).textContent(), convId).toBe(String(sent));
    }
    // Per day: the counts add up to their messages, over as many days as the archive says.
    const days = await page
      .getByTestId('person-days')
      .locator('li')
      .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-count'))));
    expect(days.reduce((a, b) => a + b, 0)).toBe(own.length);
    const dayOf = (ms: number) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(ms);
    expect(days.length).toBe(new Set(own.map((m) => dayOf(m.msgtime))).size);

    // Their own timeline: only their messages, drawn by the reader's card, windowed.
    const timeline = page.getByTestId('person-timeline');
    await timeline.locator('.tl-item[data-msgid]').first().waitFor();
    const shown = await timeline
      .locator('.person__row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-msgid') ?? ''));
    const ownIds = new Set(own.map((m) => m.msgid));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((id) => ownIds.has(id))).toBe(true);
    if (own.length > 100) expect(shown.length).toBeLessThan(own.length);
    console.log(`people: ${userid} — ${own.length} own messages, ${shown.length} rows in the DOM`);
    await screenshot(page, 'person-view-en');

    // A message in the person's timeline opens its chat there.
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(page, 'person-timeline-en');
    const firstShown = shown[0] ?? '';
    await timeline.locator(`.tl-item[data-msgid="${firstShown}"] .tl-bubble`).first().click();
    await page.locator(`[data-testid="timeline"] .tl-item[data-msgid="${firstShown}"]`).waitFor();
  });

  it('imports a directory CSV and the names change everywhere; no raw id stands where a name is known', async () => {
    const { page } = session;
    const api = apiCorp();
    // Renamed on purpose, so the change is visible: "(HR list)" after each name.
    const named = new Map(api.users.map((u) => [u.userid, `${u.name} (HR list)`]));
    const csv =
      '\uFEFFuserid,name,department\r\n' +
      api.users
        .map((u) =>
          [u.userid, named.get(u.userid) ?? '', `${u.position ?? ''}, "HQ"`].map(csvField).join(','),
        )
        .join('\r\n') +
      '\r\n';

    await page.getByRole('button', { name: 'People', exact: true }).click();
    const back = page.getByRole('button', { name: '← All people' });
    if (await back.isVisible()) await back.click();
    const busiest = await page
      .locator('#people-list tbody tr')
      .first()
      .locator('[data-userid]')
      .getAttribute('data-userid');
    expect(named.has(busiest ?? ''), 'the busiest person is staff').toBe(true);
    await page.locator('#directory-import input[type="file"]').setInputFiles({
      name: 'staff.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await expect
      .poll(() => page.getByTestId('directory-import-result').textContent())
      .toContain(`${api.users.length} people imported`);
    await expect
      .poll(() => page.locator(`#people-list [data-userid="${busiest ?? ''}"]`).textContent())
      .toContain(named.get(busiest ?? '') ?? '?');
    expect(await page.locator('#people-list tbody tr').first().textContent()).toContain('"HQ"');

    // Every name the app can know: the imported staff, external contacts and bots.
    const known = new Map<string, string>([
      ...named,
      ...api.externalContacts.map((c): [string, string] => [c.external_userid, c.name]),
      ...api.robots.map((r): [string, string] => [r.robot_id, r.name]),
    ]);

    // The reader resolves the rest through the APIs (external contacts, bots) when it opens.
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await page.getByTestId('conversation-list').waitFor();
    const single = messages.find((m) => m.convId.startsWith('s:') && /\|w[mo]|^s:w[mo]/.test(m.convId));
    if (!single) throw new Error('no single chat with an external contact');
    await openChat(page, single.convId, single.msgid);
    const sender = page.locator(
      `[data-testid="timeline"] .tl-item[data-msgid="${single.msgid}"] [data-testid="sender-name"]`,
    );
    await expect.poll(() => sender.textContent()).toBe(known.get(single.from));

    // Search hits: a sender with a known name is shown by it.
    await page.keyboard.press('Control+f');
    await page.getByTestId('search-input').fill('的');
    await page.locator('.search-results > li').first().waitFor();
    const hits = await page.locator('.search-results > li').evaluateAll((items) =>
      items.slice(0, 40).map((li) => ({
        from: li.getAttribute('data-from') ?? '',
        sender: li.querySelector('.search-hit__sender')?.textContent ?? '',
        chat: li.querySelector('.search-hit__chat')?.textContent ?? '',
        conv: li.getAttribute('data-conv') ?? '',
      })),
    );
    let checked = 0;
    for (const hit of hits) {
      const name = known.get(hit.from);
      if (name === undefined) continue;
      expect(hit.sender, `search hit from ${hit.from}`).toBe(name);
      checked += 1;
      // A single chat's title names both people.
      if (hit.conv.startsWith('s:'))
        for (const id of hit.conv.slice(2).split('|'))
          if (known.has(id)) expect(hit.chat, hit.conv).not.toContain(id);
    }
    expect(checked, 'search hits sampled').toBeGreaterThan(5);

    // A scope: "only this chat" names the chat, not its ids.
    const scoped = hits.find(
      (h) =>
        h.conv.startsWith('s:') &&
        h.conv
          .slice(2)
          .split('|')
          .every((id) => known.has(id)),
    );
    if (scoped) {
      await page
        .locator(`.search-results > li[data-conv="${scoped.conv}"]`)
        .first()
        .getByRole('button', { name: 'Only this chat' })
        .click();
      const scope = await page.locator('.search-panel__scope').textContent();
      for (const id of scoped.conv.slice(2).split('|')) {
        expect(scope, 'search scope').toContain(known.get(id) ?? '?');
      }
    }
    await page.keyboard.press('Escape');

    // Consent lines and system records (agree/disagree) name the contact.
    const consentEvent = messages.find((m) => m.msgtype === 'agree' || m.msgtype === 'disagree');
    if (consentEvent) {
      await openChat(page, consentEvent.convId, consentEvent.msgid);
      const line = page.locator(
        `[data-testid="timeline"] .tl-item[data-msgid="${consentEvent.msgid}"] .tl-system`,
      );
      await line.waitFor();
      const text = (await line.textContent()) ?? '';
      for (const [id, name] of known)
        if (text.includes(id)) expect(text, `system line names ${id}`).toContain(name);
    }
    const consentRoom = Object.keys(api.roomAgree).find((roomid) =>
      messages.some((m) => m.convId === `g:${roomid}`),
    );
    if (consentRoom) {
      await openChat(page, `g:${consentRoom}`);
      const groupConsent = page.getByTestId('group-consent');
      await groupConsent.waitFor();
      // Group members: the imported name wins over what the group API reported.
      const members = await page
        .getByTestId('group-members')
        .locator('li')
        .evaluateAll((items) =>
          items.map((li) => ({
            id: li.querySelector('code')?.textContent ?? '',
            name: li.querySelector('[data-testid="member-name"]')?.textContent ?? '',
          })),
        );
      for (const member of members) {
        const name = known.get(member.id);
        if (name) expect(member.name, `member ${member.id}`).toBe(name);
      }
      const lines = await groupConsent.locator('li').evaluateAll((items) =>
        items.map((li) => ({
          id: li.querySelector('code')?.textContent ?? '',
          text: li.textContent ?? '',
        })),
      );
      for (const line of lines) {
        const name = known.get(line.id);
        if (name) expect(line.text.startsWith(name), `consent line of ${line.id}`).toBe(true);
      }
    }
    await screenshot(page, 'people-names-en');

    // A search hit's sender opens their person view too.
    await page.keyboard.press('Control+f');
    await page.getByTestId('search-input').fill('的');
    const hit = page.locator('.search-results > li').first();
    await hit.waitFor();
    const from = (await hit.getAttribute('data-from')) ?? '';
    await hit.getByTestId('search-hit-person').click();
    await expect.poll(() => page.getByTestId('person-view').getAttribute('data-userid')).toBe(from);
  });
});
