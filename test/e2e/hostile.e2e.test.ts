import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { decontrolName } from '../../main/common/text/controls';
import { layoutJson } from '../../main/common/text/jsonLayout';
import type {} from '../../renderer/features/reading/readingTestHook';
import {
  openPulledDemo,
  screenshot,
  storedRows,
  switchToEnglish,
  useAppSession,
  type StoredRow,
} from './support/demo';
import { conversationIdOf, storedJson } from './support/storedMessage';

/**
 * The demo archive's hostile chat (native/standin/corpus/hostile.ts) in the real browser shell:
 * markup, script, `javascript:` links, a ~100 KB text, U+FFFD, RTL overrides and raw control
 * characters render as the literal text they are — nothing injected, nothing run, nothing opened
 * without the user confirming an http(s) URL — and the chat stays readable (issue 4).
 */
const PORT = 47955;

interface Hostile {
  /** Every payload in the corpus calls alert/confirm/prompt; the tripwire turns a call into a flag. */
  payloadRan?: true;
  calls: string[];
  /** Nodes that would mean markup was interpreted, recorded as they are added. */
  injected: string[];
  opened: string[];
}

declare global {
  interface Window {
    __hostile?: Hostile;
  }
}

/** The parts of a stored message the test looks for (raw JSON may hold raw control characters). */
interface Parsed {
  row: StoredRow;
  convId: string;
  msgtype: string;
  content: string | null;
  json: Record<string, unknown>;
}

function parse(row: StoredRow): Parsed | null {
  if (!row.raw) return null;
  const json = storedJson(row.raw);
  if (!json) return null;
  const convId = conversationIdOf(json);
  const text = json.text as { content?: unknown } | undefined;
  return {
    row,
    convId,
    msgtype: typeof json.msgtype === 'string' ? json.msgtype : '',
    content: typeof text?.content === 'string' ? text.content : null,
    json,
  };
}

let messages: Parsed[];
let scriptsBefore: number;

function find(predicate: (message: Parsed) => boolean, what: string): Parsed {
  const found = messages.find(predicate);
  if (!found) throw new Error(`the demo archive has no hostile message: ${what}`);
  return found;
}

const withText = (content: string) =>
  find((m) => m.content === content, JSON.stringify(content.slice(0, 40)));

async function openAt(page: Page, message: Parsed): Promise<Locator> {
  const { convId, row } = message;
  await page.evaluate(([c, m]) => window.__archiveReading?.open(c, m), [convId, row.msgid] as const);
  const item = page.locator(
    `[data-testid="timeline"][data-conv="${convId}"] .tl-item[data-msgid="${row.msgid}"]`,
  );
  await item.waitFor({ state: 'visible', timeout: 15_000 });
  return item;
}

/** The text a message element shows, with each emoji read back as its code ([微笑] → 🙂 → [微笑]). */
async function sourceText(element: Locator): Promise<string> {
  return element.evaluate((el) => {
    const copy = el.cloneNode(true) as Element;
    for (const emoji of copy.querySelectorAll('.emoji'))
      emoji.replaceWith(emoji.getAttribute('aria-label') ?? '');
    return copy.textContent ?? '';
  });
}

/** Elements in the timeline that exist only if archived markup was parsed as HTML. */
/** Opens the message whose content is `text` and checks its rich text reads exactly `text`. */
async function expectShownAsWritten(page: Page, text: string): Promise<Parsed> {
  const message = withText(text);
  const item = await openAt(page, message);
  expect(await item.locator('.rich-text').textContent()).toBe(text);
  return message;
}

async function interpretedMarkup(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="timeline"]')
    .evaluate((timeline) =>
      [
        ...timeline.querySelectorAll(
          'script, iframe, object, embed, style, h1, img[src="x"], svg, [onerror], [onload], a[href]',
        ),
      ].map((el) => el.outerHTML.slice(0, 120)),
    );
}

describe('the hostile chat renders inert and intact', () => {
  const session = useAppSession({ port: PORT, language: 'zh-CN' });

  beforeAll(async () => {
    const { page } = session;
    const corpId = await openPulledDemo(page);
    messages = (await storedRows(page, corpId)).map(parse).filter((m): m is Parsed => m !== null);
    page.on('dialog', (dialog) => {
      session.problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    scriptsBefore = await page.evaluate(() => document.querySelectorAll('script').length);
    await page.evaluate(() => {
      const hostile: Hostile = { calls: [], injected: [], opened: [] };
      window.__hostile = hostile;
      for (const name of ['alert', 'confirm', 'prompt'] as const) {
        (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
          hostile.payloadRan = true;
          hostile.calls.push(`${name}(${args.map(String).join(',')})`);
        };
      }
      window.open = (url?: string | URL) => {
        hostile.opened.push(String(url));
        return null;
      };
      const dangerous = (el: Element) =>
        /^(SCRIPT|IFRAME|FRAME|OBJECT|EMBED)$/.test(el.tagName) ||
        [...el.attributes].some(
          (a) =>
            /^on/i.test(a.name) ||
            (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)),
        );
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes)
            if (node instanceof Element)
              for (const el of [node, ...node.querySelectorAll('*')])
                if (dangerous(el)) hostile.injected.push(el.outerHTML.slice(0, 120));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: /^(存档|Archive)$/ }).click();
    await page.getByTestId('conversation-list').waitFor();
  });

  it('shows script and markup as the literal text it is, in a single chat and a group', async () => {
    const { page } = session;
    const literal = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(document.cookie)>你好',
      '<b>粗体</b> <a href="javascript:alert(1)">点我领奖</a> <iframe src="https://evil.example.com/"></iframe> &lt;escaped&gt; &amp;amp; <style>body{display:none}</style>',
      '{{constructor.constructor(\'alert(1)\')()}} ${7*7} <%= 7*7 %> #{7*7} \'; DROP TABLE messages; -- {"msgid":"fake","action":"recall"}',
    ];
    const convs = new Set<string>();
    for (const text of literal) {
      convs.add((await expectShownAsWritten(page, text)).convId);
      expect(await interpretedMarkup(page)).toEqual([]);
    }
    expect(convs.size, 'the single chat and the group').toBe(2);

    // Cards built from hostile fields: link, weapp, location, news, chatrecord, markdown.
    const card = async (msgtype: string, predicate: (m: Parsed) => boolean, expected: string[]) => {
      const item = await openAt(
        page,
        find((m) => m.msgtype === msgtype && predicate(m), msgtype),
      );
      const text = (await item.textContent()) ?? '';
      for (const part of expected) expect(text, msgtype).toContain(part);
      expect(await interpretedMarkup(page), msgtype).toEqual([]);
      return item;
    };
    const rawHas = (needle: string) => (m: Parsed) => (m.row.raw ?? '').includes(needle);
    await card('link', rawHas('中奖通知'), [
      '<b>中奖通知</b><script>alert("title")</script>',
      '<img src=x onerror=alert(2)>',
    ]);
    await card('weapp', rawHas('<svg onload=alert(1)>'), ['<svg onload=alert(1)>', '<i>小程序</i>']);
    await card('location', rawHas('alert(\\"addr\\")'), ['<script>alert("addr")</script>']);
    await card('news', rawHas('<h1>标题</h1>'), ['<h1>标题</h1>']);
    const markdown = await card('markdown', rawHas('javascript:alert(4)'), [
      '<script>alert(5)</script>',
      '![img](x" onerror="alert(6))',
    ]);
    expect(await markdown.locator('strong', { hasText: '粗体' }).count()).toBe(1);
    const record = await card('chatrecord', rawHas('alert(\\"record\\")'), [
      '<img src=x onerror=alert("record")>',
    ]);
    await record.locator('details.record > summary').click();
    const items = record.locator('.record__items');
    await items.waitFor({ state: 'visible' });
    expect(await items.textContent()).toContain('<script>alert("item")</script>');
    expect(await interpretedMarkup(page)).toEqual([]);

    // File names with path characters are names, nothing more; a control in one is shown, not obeyed.
    for (const name of ['../../etc/passwd', 'a/b\\c.txt', '%00.pdf', 'invoice\u202Efdp.exe']) {
      await card('file', (m) => (m.json.file as { filename?: string } | undefined)?.filename === name, [
        decontrolName(name),
      ]);
    }

    const state = await page.evaluate(() => ({
      hostile: window.__hostile,
      scripts: document.querySelectorAll('script').length,
      frames: document.querySelectorAll('iframe, frame, object, embed').length,
      onerror: document.querySelectorAll('img[onerror], [onload]').length,
    }));
    expect(state.hostile?.payloadRan).toBeUndefined();
    expect(state.hostile?.calls).toEqual([]);
    expect(state.hostile?.injected).toEqual([]);
    expect(state.scripts).toBe(scriptsBefore);
    expect(state.frames).toBe(0);
    expect(state.onerror).toBe(0);
    expect(page.frames()).toHaveLength(1);
    expect(session.problems).toEqual([]);
  });

  it('never navigates to or opens a javascript: link; http(s) only after the full URL is confirmed', async () => {
    const { page } = session;
    const before = page.url();
    const refuse = async (item: Locator, url: string) => {
      const button = item.locator('button[data-url^="javascript:"]').first();
      expect(await button.getAttribute('data-url')).toBe(url);
      await button.click();
      const dialog = page.getByTestId('link-confirm');
      await dialog.waitFor();
      expect(await dialog.getByTestId('link-confirm-url').textContent()).toBe(url);
      await dialog.getByTestId('link-confirm-refused').waitFor();
      expect(await dialog.getByTestId('link-confirm-open').count()).toBe(0);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    };
    const link = find(
      (m) => m.msgtype === 'link' && (m.row.raw ?? '').includes('中奖通知'),
      'javascript link card',
    );
    await refuse(await openAt(page, link), "javascript:alert('link')");
    const markdown = find(
      (m) => m.msgtype === 'markdown' && (m.row.raw ?? '').includes('javascript:alert(4)'),
      'markdown',
    );
    // `[点我](javascript:alert(4))`: the URL ends at the first ")" as in WeCom's markdown.
    await refuse(await openAt(page, markdown), 'javascript:alert(4');
    const news = find((m) => m.msgtype === 'news' && (m.row.raw ?? '').includes('<h1>标题</h1>'), 'news');
    await refuse(await openAt(page, news), 'javascript:alert(3)');
    // The <a href="javascript:…"> inside a text message is text: there is nothing to click.
    const markup = await openAt(
      page,
      find((m) => m.content?.startsWith('<b>粗体</b>') === true, 'markup text'),
    );
    expect(await markup.locator('button[data-url^="javascript"], a').count()).toBe(0);

    // A 2 KB http(s) URL: the dialog shows every character, and only "open" hands it on.
    const longUrl = find((m) => m.content?.startsWith('https://example.com/aaaa') === true, 'long URL');
    const item = await openAt(page, longUrl);
    await item.locator('button[data-url^="https://example.com/"]').click();
    const dialog = page.getByTestId('link-confirm');
    const shown = (await dialog.getByTestId('link-confirm-url').textContent()) ?? '';
    expect(shown).toBe(new URL(longUrl.content ?? '').href);
    expect(await page.evaluate(() => window.__hostile?.opened)).toEqual([]);
    await dialog.getByTestId('link-confirm-open').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => window.__hostile?.opened)).toEqual([shown]);

    expect(page.url()).toBe(before);
    expect(page.frames()).toHaveLength(1);
    expect(await page.evaluate(() => window.__hostile?.payloadRan)).toBeUndefined();
    expect(session.problems).toEqual([]);
  });

  it('collapses the ~100 KB text behind an expand control, and expands it whole', async () => {
    const { page } = session;
    // ~100 KB of UTF-8 prose: tens of thousands of characters.
    const huge = find((m) => new TextEncoder().encode(m.content ?? '').length > 90_000, 'huge text');
    const content = huge.content ?? '';
    const item = await openAt(page, huge);
    const expand = item.getByTestId('text-expand');
    expect(await expand.getAttribute('aria-expanded')).toBe('false');
    expect(await expand.textContent()).toContain(String(content.length));
    const collapsed = await sourceText(item.locator('.rich-text bdi'));
    expect(collapsed.length).toBeLessThan(content.length / 10);
    expect(content.startsWith(collapsed.replace(/…$/, ''))).toBe(true);
    await expand.click();
    expect(await expand.getAttribute('aria-expanded')).toBe('true');
    expect(await sourceText(item.locator('.rich-text bdi'))).toBe(content);
    await expand.click();
    expect(await expand.getAttribute('aria-expanded')).toBe('false');
    expect(session.problems).toEqual([]);
  });

  it('shows a right-to-left override in a file name as <U+202E>, with the real extension, in the card, the open-with confirmation and the raw JSON', async () => {
    const { page } = session;
    const name = 'invoice\u202Efdp.exe';
    const message = find(
      (m) => m.msgtype === 'file' && (m.json.file as { filename?: string } | undefined)?.filename === name,
      'the RLO file name',
    );
    const item = await openAt(page, message);
    const fileCard = item.locator('.media-card--file');
    const shownName = fileCard.getByTestId('file-name');
    // The name reads as what it is — never "invoiceexe.pdf" — and the override is not in the page.
    expect(await shownName.textContent()).toBe('invoice<U+202E>fdp.exe');
    expect(await shownName.locator('.control-mark[data-control="<U+202E>"]').count()).toBe(1);
    expect(await shownName.locator('bdi').count()).toBeGreaterThan(0);
    expect(await item.evaluate((el) => (el.textContent ?? '').includes('\u202E'))).toBe(false);
    expect(await fileCard.getByTestId('file-type').locator('bdi').textContent()).toBe('exe');
    await fileCard.getByTestId('file-dangerous').waitFor();
    await fileCard.getByTestId('file-controls-note').waitFor();
    // The card says each fact once (the message's facts line leaves name and size to the file card).
    expect(((await item.textContent()) ?? '').split('invoice<U+202E>fdp.exe').length - 1).toBe(1);

    // Open with: main's confirmation (browser shell) names the real type and explains the marker.
    await fileCard.locator('.media-status button').click();
    const open = fileCard.getByRole('button', { name: /用系统应用打开|Open with system app/ });
    await open.waitFor({ timeout: 30_000 });
    await open.click();
    const confirm = page.getByTestId('open-confirm');
    await confirm.waitFor();
    expect(await confirm.getByTestId('open-confirm-name').textContent()).toBe('invoice<U+202E>fdp.exe');
    expect(await confirm.getByTestId('open-confirm-type').textContent()).toContain('exe');
    await confirm.getByTestId('open-confirm-controls').waitFor();
    // A portal at the document root, not inside the virtual-list row.
    expect(await confirm.evaluate((el) => el.closest('.tl-item') === null)).toBe(true);
    await screenshot(page, 'hostile-open-confirm-zh-CN');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });

    // Raw JSON: pretty by default, compact on request, the override shown in both. (Clicked at the
    // row's corner: the middle of a file card is its buttons.)
    await item.click({ position: { x: 4, y: 4 } });
    const detail = page.getByTestId('message-detail');
    await detail.waitFor();
    const raw = detail.getByTestId('raw-json');
    expect(await raw.getAttribute('data-layout')).toBe('pretty');
    const pretty = layoutJson(message.row.raw ?? '', 'pretty').replace('\u202E', '<U+202E>');
    expect(await raw.textContent()).toBe(pretty);
    expect(pretty.split('\n').length).toBeGreaterThan(5);
    expect(await raw.locator('.control-mark').count()).toBe(1);
    await detail.getByTestId('raw-json-compact').click();
    expect(await raw.getAttribute('data-layout')).toBe('compact');
    expect(await raw.textContent()).toBe(
      layoutJson(message.row.raw ?? '', 'compact').replace('\u202E', '<U+202E>'),
    );
    await detail.getByTestId('raw-json-pretty').click();
    expect(await raw.textContent()).toBe(pretty);
    // The raw JSON wraps inside the detail column instead of widening it.
    const widths = await raw.evaluate((el) => ({ pre: el.scrollWidth, box: el.clientWidth }));
    expect(widths.pre).toBeLessThanOrEqual(widths.box + 1);
    await screenshot(page, 'hostile-rlo-detail-zh-CN');
    expect(session.problems).toEqual([]);
  });

  it('keeps U+FFFD, RTL overrides, zero-width and control characters intact (screenshots)', async () => {
    const { page } = session;
    const intact = [
      '乱码\uFFFD\uFFFD\uFFFD测试 \uFFFD',
      '零\u200B宽\u200C字\u200D符\uFEFF测试\u2060结束',
      'Z\u0334\u0321\u0327a\u0336l\u0337g\u0335o\u0338 👨‍👩‍👧‍👦🏳️‍🌈🧑🏽‍💻 \uD83D\uDE00',
      '控制字符\u0001测试\t制表符\u001f结束',
    ];
    for (const text of intact) await expectShownAsWritten(page, text);
    // The raw line feed inside a JSON string (JSON.parse refuses it) still reads as two lines.
    const lineFeed = find((m) => (m.row.raw ?? '').includes('第一行\n第二行'), 'raw line feed');
    expect(await (await openAt(page, lineFeed)).locator('.rich-text').textContent()).toBe('第一行\n第二行');

    const rtl = 'مرحبا بك — שלום עולם — 请查收附件 \u202Eexe.fdp\u202C 发票';
    const item = await openAt(page, withText(rtl));
    const text = item.locator('.rich-text');
    expect(await text.textContent()).toBe(rtl);
    // Isolated: the override cannot reorder the sender, time or the next message.
    expect(await text.getAttribute('dir')).toBe('auto');
    expect(await text.locator('bdi').count()).toBe(1);
    await screenshot(page, 'hostile-zh-CN');

    await switchToEnglish(page);
    const again = await openAt(page, withText(rtl));
    expect(await again.locator('.rich-text').textContent()).toBe(rtl);
    await screenshot(page, 'hostile-en');

    expect(await page.evaluate(() => window.__hostile)).toMatchObject({ calls: [], injected: [] });
    expect(await page.evaluate(() => window.__hostile?.payloadRan)).toBeUndefined();
    expect(session.problems).toEqual([]);
  });
});
