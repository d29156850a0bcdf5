import type { Locator, Page } from 'playwright-core';
import { KNOWN_MSGTYPES } from '../../../main/common/message';
import { demoCorpus } from './demo';

/**
 * Every screen of the navigation (renderer/app/Navigation.tsx) plus the states inside the Archive
 * screen (overview, a chat open with its detail panel) and search with results, each reached the
 * way a user does and waited on (docs/style.md §12: no sleeps). Shared by the raw-name scan and the
 * screenshot test, so both cover the same list.
 */
export interface ScreenVisit {
  name: string;
  visit(page: Page): Promise<void>;
}

const NAV = {
  archive: /^(存档|Archive)$/,
  media: /^(媒体|Media)$/,
  pull: /^(拉取|Pull)$/,
  ledger: /^(台账|拉取台账|Ledger|Pull ledger)$/,
  cases: /^(案件|Cases)$/,
  audit: /^(审计|Audit)$/,
  settings: /^(设置|Settings)$/,
};

async function navigate(page: Page, view: keyof typeof NAV): Promise<void> {
  await page.locator('nav.nav').getByRole('button', { name: NAV[view] }).click();
  await page.locator('.nav__item[aria-current="page"]').filter({ hasText: NAV[view] }).waitFor();
}

async function closeSearch(page: Page): Promise<void> {
  // The review shortcut sheet (a modal) left open by the 'review-marks' visit.
  if ((await page.getByTestId('shortcut-sheet').count()) > 0) {
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-sheet').waitFor({ state: 'detached' });
  }
  if ((await page.getByTestId('search-input').count()) > 0) {
    await page.keyboard.press('Escape');
    await page.getByTestId('search-input').waitFor({ state: 'detached' });
  }
}

/** The first group chat's convId and a message in it with a card (for "reading with a chat open"). */
export async function groupChat(): Promise<{ convId: string; msgid: string }> {
  for (const record of await demoCorpus()) {
    const json = parseBody(record.body) as { roomid?: string; msgtype?: string; msgid: string };
    if (json.roomid && json.msgtype === 'text') return { convId: `g:${json.roomid}`, msgid: json.msgid };
  }
  throw new Error('the demo corpus has no group text message');
}

/** The Archive screen's reader with the first group chat open at a text message (shown). */
async function openGroupChat(page: Page): Promise<{ timeline: Locator; msgid: string }> {
  await closeSearch(page);
  await navigate(page, 'archive');
  const toggle = page.getByTestId('toggle-overview');
  if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
  const { convId, msgid } = await groupChat();
  await page.evaluate(([c, m]) => window.__archiveReading?.open(c, m), [convId, msgid] as const);
  const timeline = page.locator(`[data-testid="timeline"][data-conv="${convId}"]`);
  await timeline.locator(`[data-msgid="${msgid}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
  return { timeline, msgid };
}

/** A screen of the navigation, named after it and reached by its button, waited on until its heading shows. */
function navScreen(view: keyof typeof NAV): ScreenVisit {
  return {
    name: view,
    async visit(page) {
      await closeSearch(page);
      await navigate(page, view);
      await page.locator('main h1, main h2').first().waitFor();
    },
  };
}

export const SCREENS: readonly ScreenVisit[] = [
  {
    name: 'archive-overview',
    async visit(page) {
      await closeSearch(page);
      await navigate(page, 'archive');
      const toggle = page.getByTestId('toggle-overview');
      if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
      await page.locator('#archive-types table tbody tr').first().waitFor();
    },
  },
  {
    name: 'reading-chat',
    async visit(page) {
      await openGroupChat(page);
    },
  },
  {
    // Issue 11: a message flagged and tagged by keyboard in the open chat, the shortcut sheet over it.
    name: 'review-marks',
    async visit(page) {
      const { timeline, msgid } = await openGroupChat(page);
      const item = timeline.locator(`.tl-item[data-msgid="${msgid}"]`);
      await timeline.locator('.tl-item--highlight').first().waitFor();
      await timeline.getByTestId('timeline-scroll').focus();
      if ((await item.getAttribute('data-flag')) === null) {
        await page.keyboard.press('f');
        await timeline.locator(`.tl-item[data-msgid="${msgid}"][data-flag]`).waitFor();
      }
      if ((await item.locator('[data-tag]').count()) === 0) {
        await page.keyboard.press('t');
        await page.getByTestId('tag-input').fill('合规复核');
        await page.keyboard.press('Enter');
        await page.getByTestId('tag-dialog').waitFor({ state: 'detached' });
        await item.locator('[data-tag]').waitFor();
      }
      await page.keyboard.press('?');
      await page.getByTestId('shortcut-sheet').waitFor();
    },
  },
  {
    name: 'media',
    async visit(page) {
      await closeSearch(page);
      await navigate(page, 'media');
      await page.locator('main').getByRole('heading').first().waitFor();
    },
  },
  {
    name: 'search-results',
    async visit(page) {
      await navigate(page, 'archive');
      await page.keyboard.press('Control+f');
      await page.getByTestId('search-input').waitFor();
      await page.getByTestId('search-input').fill('文件');
      await page.locator('.search-results > li').first().waitFor({ timeout: 30_000 });
    },
  },
  navScreen('pull'),
  navScreen('ledger'),
  {
    // The Cases screen (issue 11) with one case listed: created through the screen on the first visit.
    name: 'cases',
    async visit(page) {
      await closeSearch(page);
      await navigate(page, 'cases');
      await page.getByTestId('cases-screen').waitFor();
      if ((await page.getByTestId('case-open').count()) === 0) {
        await page.getByTestId('case-create').click();
        await page.getByTestId('case-name').fill('合规调查 2024-06');
        await page.getByTestId('case-description').fill('Q2 客户信息外泄线索');
        await page.getByTestId('case-save').click();
        await page.getByTestId('case-back').click();
      }
      await page.getByTestId('case-open').first().waitFor();
    },
  },
  navScreen('audit'),
  navScreen('settings'),
];

/**
 * Names from the WeCom API that a reader must never see as labels (issue 15): every msgtype of the
 * message registry, the chatrecord item types, action names, payload field names, and the collect
 * form's field types as the API spells them.
 */
export const RAW_IDENTIFIERS: readonly string[] = [
  ...KNOWN_MSGTYPES,
  'send',
  'recall',
  'sdkfileid',
  'msgid',
  'roomid',
  'tolist',
  'msgtime',
  'publickey_ver',
  'md5sum',
  'fileext',
  'filesize',
  'play_length',
  'notification_type',
];

/** Parenthesised API spellings: checked as substrings. */
export const RAW_SUBSTRINGS: readonly string[] = ['(Text)', '(Number)', '(Date)', '(Time)', 'ChatRecord'];

/**
 * The text a user sees on the page: visible text nodes, placeholders, titles, aria-labels and the
 * options of selects; without the raw JSON views (`.raw-json`), without the audit trail's recorded
 * entries (`.audit-json`: each entry's target and change as canonical JSON, ids included, as the trail
 * is exported) and without the detail panel's rows whose label says they show a raw value ("原始值",
 * "raw value"), which is where raw names belong.
 * Archive-supplied strings (message text, names, file names) are told apart by `rawNamesIn`.
 */
export async function visibleUiText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const EXCLUDED = '.raw-json, .audit-json, script, style';
    // A detail row whose label says it shows a raw value ("原始值", "raw value"): label and value.
    const isRawRow = (element: Element) => {
      const row = element.closest('.detail__field');
      return !!row && /原始值|raw value/i.test(row.querySelector('dt')?.textContent ?? '');
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim() ?? '';
      if (!parent || !text) continue;
      if (parent.closest(EXCLUDED) || isRawRow(parent)) continue;
      if (parent.closest('option, optgroup')) {
        out.push(text);
        continue;
      }
      if (!parent.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions)) continue;
      out.push(text);
    }
    for (const element of document.body.querySelectorAll<HTMLElement>(
      '[placeholder], [title], [aria-label]',
    )) {
      if (element.closest(EXCLUDED) || isRawRow(element)) continue;
      for (const name of ['placeholder', 'title', 'aria-label']) {
        const value = element.getAttribute(name);
        if (value) out.push(value);
      }
    }
    return out;
  });
}

/** A corpus body as JSON: control characters (which some hostile fixtures carry raw) read as spaces. */
export function parseBody(body: string): unknown {
  return JSON.parse([...body].map((c) => (c.charCodeAt(0) < 0x20 ? ' ' : c)).join(''));
}

/**
 * Inputs whose visible words are the browser's, in the browser's language, not the app's: a native
 * date/time input (`mm/dd/yyyy`) or a file input that is not hidden behind our FilePicker button.
 */
export async function browserWordedInputs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>('input')]
      .filter((input) =>
        ['date', 'datetime-local', 'month', 'week', 'time'].includes(input.type)
          ? input.checkVisibility()
          : input.type === 'file' && !input.classList.contains('visually-hidden'),
      )
      .map((input) => `${input.type}#${input.id || input.dataset.testid || '?'}`),
  );
}

/** Keys whose values are the API's own words, not text someone wrote (docs/wecom-sdk.md §4). */
const API_WORD_KEYS = new Set(['msgtype', 'action', 'type', 'fileext', 'notification_type']);

/**
 * Every string someone wrote into the demo archive (message text, titles, names, file names), from the
 * corpus itself: a raw name inside such a string is the archive's content, not a label of this app.
 */
export async function demoArchiveStrings(): Promise<string[]> {
  const strings = new Set<string>();
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (!API_WORD_KEYS.has(key) && /[A-Za-z]/.test(value)) strings.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, key);
    } else if (typeof value === 'object' && value !== null) {
      for (const [childKey, child] of Object.entries(value)) walk(child, childKey);
    }
  };
  for (const record of await demoCorpus()) {
    walk(parseBody(record.body), '');
  }
  return [...strings];
}

/**
 * The raw identifiers found in `texts`, each with the text it was found in. A name found only inside
 * one of `archive` (the archive's own strings, which the UI shows as written) is not counted.
 */
export function rawNamesIn(texts: readonly string[], archive: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const original of texts) {
    let text = original;
    for (const name of [...RAW_IDENTIFIERS, ...RAW_SUBSTRINGS]) {
      if (!text.includes(name)) continue;
      for (const written of archive) {
        if (written.includes(name) && text.includes(written)) text = text.split(written).join(' ');
      }
    }
    const hits = new Set<string>();
    for (const name of RAW_IDENTIFIERS) {
      // A whole word: not part of a longer ASCII identifier or word.
      if (new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`).test(text)) hits.add(name);
    }
    for (const part of RAW_SUBSTRINGS) if (text.includes(part)) hits.add(part);
    for (const hit of hits) found.push(`${hit} in "${original}"`);
  }
  return found;
}
