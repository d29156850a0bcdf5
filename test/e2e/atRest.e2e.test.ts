import type {} from '../../renderer/features/reading/readingTestHook';
import { describe, expect, it } from 'vitest';
import { demoCorpus, openPulledDemo, storedRows, useAppSession } from './support/demo';
import { noteByKeyboard, timelineOf } from './support/reviewKeys';

/**
 * Encryption at rest (issue 17, docs/security.md §8): after a demo pull and a reviewer's note, the
 * archive's IndexedDB is read with the raw IndexedDB API in the page — no Dexie, no app code — store
 * by store, and none of 20 phrases of the demo corpus appears anywhere, in any encoding the page
 * can decode; message bodies, envelopes, search texts and notes are there only as sealed blobs.
 */
const PORT = 47985;
const NOTE = '会后把合同原件锁进保险柜';

interface Text {
  content?: string;
}

/**
 * 20 distinct phrases from the corpus's text messages (long enough to be unambiguous), and up to 5 names
 * of files sent in it (the media items carry them: db/mediaStore.ts).
 */
async function corpusPhrases(): Promise<{
  phrases: string[];
  fileNames: string[];
  group: { roomid: string; msgid: string };
}> {
  const phrases: string[] = [];
  const fileNames: string[] = [];
  let group: { roomid: string; msgid: string } | null = null;
  for (const record of await demoCorpus()) {
    let message: { msgtype?: string; roomid?: string; text?: Text; file?: { filename?: string } };
    try {
      message = JSON.parse(record.body) as typeof message;
    } catch {
      continue; // the corpus's deliberately malformed records
    }
    const fileName = message.file?.filename ?? '';
    if (
      message.msgtype === 'file' &&
      fileName.length >= 6 &&
      fileNames.length < 5 &&
      !fileNames.includes(fileName)
    )
      fileNames.push(fileName);
    const content = message.text?.content?.trim() ?? '';
    if (message.msgtype !== 'text' || Array.from(content).length < 8) continue;
    const phrase = Array.from(content).slice(0, 12).join('');
    if (!phrases.includes(phrase)) phrases.push(phrase);
    if (!group && message.roomid) group = { roomid: message.roomid, msgid: record.msgid };
  }
  if (phrases.length < 20 || fileNames.length === 0 || !group)
    throw new Error('the demo corpus needs 20 text messages, a file and a group chat');
  // Spread over the corpus: the first, the last, and evenly between.
  const step = (phrases.length - 1) / 19;
  return {
    phrases: Array.from({ length: 20 }, (_, i) => phrases[Math.round(i * step)] as string),
    fileNames,
    group,
  };
}

interface StoreScan {
  /** Store name → records read. */
  counts: Record<string, number>;
  /** "store: phrase" for every phrase found. */
  found: string[];
  messages: { sealed: number; withRaw: number; withEnvelope: number };
  searchTexts: { sealed: number; withTexts: number };
  mediaItems: { sealed: number; withItems: number };
  markNotes: { rows: number; plainText: number };
}

describe('encryption at rest (browser shell, Chromium)', () => {
  const session = useAppSession({ port: PORT, language: 'zh-CN' });

  it('keeps no corpus phrase readable in any IndexedDB store, only sealed blobs', async () => {
    const { page, problems } = session;
    const { phrases, fileNames, group } = await corpusPhrases();
    const corpId = await openPulledDemo(page);

    // The archive holds the phrases: read back with the key main stored, they are all there.
    const opened = (await storedRows(page, corpId)).map((row) => row.raw ?? '').join('\n');
    for (const phrase of [...phrases, ...fileNames]) expect(opened, phrase).toContain(phrase);

    // A reviewer's note with a known text, through the UI (n on a message).
    await page.getByRole('button', { name: /^(存档|Archive)$/ }).click();
    const convId = `g:${group.roomid}`;
    await page.evaluate(([c, m]) => window.__archiveReading?.open(c, m), [convId, group.msgid] as const);
    const timeline = timelineOf(page, convId);
    const row = timeline.locator(`.tl-item[data-msgid="${group.msgid}"]`);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await timeline.getByTestId('timeline-scroll').focus();
    await noteByKeyboard(page, NOTE);
    await expect.poll(() => row.locator('[data-note]').count()).toBe(1);

    // Every store, raw. Strings, and any bytes decoded as UTF-8 and UTF-16, are searched.
    const scan = await page.evaluate(
      (needles) =>
        new Promise<StoreScan>((resolve, reject) => {
          const open = indexedDB.open('wecom-archive');
          open.onerror = () => reject(new Error(String(open.error)));
          open.onsuccess = () => {
            const db = open.result;
            const names = Array.from(db.objectStoreNames);
            const transaction = db.transaction(names);
            const result: StoreScan = {
              counts: {},
              found: [],
              messages: { sealed: 0, withRaw: 0, withEnvelope: 0 },
              searchTexts: { sealed: 0, withTexts: 0 },
              mediaItems: { sealed: 0, withItems: 0 },
              markNotes: { rows: 0, plainText: 0 },
            };
            const utf8 = new TextDecoder('utf-8', { fatal: false });
            const utf16 = new TextDecoder('utf-16le', { fatal: false });
            const textsOf = (value: unknown, out: string[]): void => {
              if (typeof value === 'string') out.push(value);
              else if (ArrayBuffer.isView(value)) {
                const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
                out.push(utf8.decode(bytes), utf16.decode(bytes.subarray(0, bytes.length & ~1)));
              } else if (value instanceof ArrayBuffer) textsOf(new Uint8Array(value), out);
              else if (Array.isArray(value)) for (const item of value) textsOf(item, out);
              else if (value && typeof value === 'object')
                for (const [key, item] of Object.entries(value)) {
                  out.push(key);
                  textsOf(item, out);
                }
            };
            for (const name of names) {
              const request = transaction.objectStore(name).getAll();
              request.onsuccess = () => {
                const records = request.result as Array<Record<string, unknown>>;
                result.counts[name] = records.length;
                const texts: string[] = [];
                for (const record of records) textsOf(record, texts);
                const all = texts.join('\n');
                for (const needle of needles)
                  if (all.includes(needle)) result.found.push(`${name}: ${needle}`);
                if (name === 'messages')
                  for (const record of records) {
                    if (record.sealed instanceof Uint8Array) result.messages.sealed += 1;
                    if (record.raw !== undefined) result.messages.withRaw += 1;
                    if (record.envelope !== undefined) result.messages.withEnvelope += 1;
                  }
                if (name === 'searchTexts')
                  for (const record of records) {
                    if (record.sealed instanceof Uint8Array) result.searchTexts.sealed += 1;
                    if (record.texts !== undefined) result.searchTexts.withTexts += 1;
                  }
                if (name === 'mediaItems')
                  for (const record of records) {
                    if (record.sealed instanceof Uint8Array) result.mediaItems.sealed += 1;
                    if (record.items !== undefined) result.mediaItems.withItems += 1;
                  }
                if (name === 'markNotes')
                  for (const record of records) {
                    result.markNotes.rows += 1;
                    if (JSON.stringify(record).includes(needles[needles.length - 1] as string))
                      result.markNotes.plainText += 1;
                  }
              };
              request.onerror = () => reject(new Error(String(request.error)));
            }
            transaction.oncomplete = () => {
              db.close();
              resolve(result);
            };
            transaction.onerror = () => reject(new Error(String(transaction.error)));
          };
        }),
      // The note last: the markNotes check above looks for it.
      [...phrases, ...fileNames, NOTE],
    );

    process.stdout.write(`atRest: records per store ${JSON.stringify(scan.counts)}\n`);
    expect(scan.found).toEqual([]);
    expect(scan.counts.messages).toBeGreaterThan(0);
    expect(scan.messages).toEqual({ sealed: scan.counts.messages, withRaw: 0, withEnvelope: 0 });
    expect(scan.searchTexts.sealed).toBeGreaterThan(0);
    expect(scan.searchTexts).toEqual({ sealed: scan.counts.searchTexts, withTexts: 0 });
    expect(scan.counts.mediaItems).toBeGreaterThan(0);
    expect(scan.mediaItems).toEqual({ sealed: scan.counts.mediaItems, withItems: 0 });
    expect(scan.markNotes.rows).toBeGreaterThan(0);
    expect(scan.markNotes.plainText).toBe(0);
    expect(problems).toEqual([]);
  });
});
