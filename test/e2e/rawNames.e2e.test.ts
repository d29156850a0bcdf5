import { beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../renderer/features/reading/readingTestHook';
import { demoCorpus, openPulledDemo, useAppSession } from './support/demo';
import {
  browserWordedInputs,
  demoArchiveStrings,
  parseBody,
  rawNamesIn,
  SCREENS,
  visibleUiText,
} from './support/screens';
import { conversationIdOf } from './support/storedMessage';

/**
 * Issue 15, "Language and names": in the Chinese UI no WeCom API name (msgtype, ChatRecord* item type,
 * action, payload field name, the collect form's `(Text)`/`(Number)`) is shown as a label. Every screen
 * of the demo archive is scanned, and in the reader every message of every chat type is shown once
 * (chat records expanded). Raw values belong only in the raw JSON view and the detail panel's rows
 * labelled as raw values, which the scan leaves out.
 */
const PORT = 47963;

describe('no raw API names in the zh-CN UI', () => {
  const session = useAppSession({ port: PORT, language: 'zh-CN' });

  let archive: string[] = [];

  beforeAll(async () => {
    archive = await demoArchiveStrings();
    await openPulledDemo(session.page);
  });

  it('the scan finds a raw name where one is shown (the raw JSON view is left out, a label is not)', () => {
    expect(rawNamesIn(['聊天记录 · ChatRecordText'])).toEqual(['ChatRecord in "聊天记录 · ChatRecordText"']);
    expect(rawNamesIn(['表项1 (Number)'])).toEqual(['(Number) in "表项1 (Number)"']);
    expect(rawNamesIn(['微盘文件', 'qydiskfile'])).toEqual(['qydiskfile in "qydiskfile"']);
    expect(rawNamesIn(['seq_text_like', '文本'])).toEqual([]);
    // The archive's own words are shown as written; a label beside them is still checked.
    expect(rawNamesIn(['张三: please send the file'], ['please send the file'])).toEqual([]);
    expect(rawNamesIn(['[todo] please send it'], ['please send it'])).toEqual([
      'todo in "[todo] please send it"',
    ]);
  });

  for (const screen of SCREENS) {
    it(`${screen.name} shows no raw API name`, async () => {
      const { page } = session;
      await screen.visit(page);
      const texts = await visibleUiText(page);
      expect(texts.length).toBeGreaterThan(5);
      expect(rawNamesIn(texts, archive)).toEqual([]);
      expect(await browserWordedInputs(page)).toEqual([]);
    });
  }

  it('every msgtype of the demo archive is shown in its chat without a raw name, with its detail panel', async () => {
    const { page } = session;
    await SCREENS.find((s) => s.name === 'reading-chat')?.visit(page);
    const firstOfType = new Map<string, { convId: string; msgid: string }>();
    for (const record of await demoCorpus()) {
      const json = parseBody(record.body) as {
        msgtype?: string;
        action?: string;
        msgid: string;
        roomid?: string;
        from?: string;
        user?: string;
        tolist?: string[];
      };
      const type = json.msgtype ?? json.action ?? '';
      if (firstOfType.has(type)) continue;
      const convId = conversationIdOf(json);
      firstOfType.set(type, { convId, msgid: json.msgid });
    }
    expect(firstOfType.size).toBeGreaterThan(20);
    const found: string[] = [];
    for (const [type, { convId, msgid }] of firstOfType) {
      await page.evaluate(([c, m]) => window.__archiveReading?.open(c, m), [convId, msgid] as const);
      const item = page
        .locator(`[data-testid="timeline"][data-conv="${convId}"] [data-msgid="${msgid}"]`)
        .first();
      await item.waitFor({ state: 'visible', timeout: 15_000 });
      // Chat records open one level at a time (a nested record's summary shows once its parent is open).
      const closed = item.locator('details:not([open]) > summary');
      for (let level = 0; level < 10 && (await closed.count()) > 0; level++) await closed.first().click();
      await item.click({ position: { x: 4, y: 4 } });
      await page.getByTestId('message-detail').waitFor();
      found.push(...rawNamesIn(await visibleUiText(page), archive).map((hit) => `${type}: ${hit}`));
    }
    expect(found).toEqual([]);
  });

  it('raised no page errors', () => {
    expect(session.problems).toEqual([]);
  });
});
