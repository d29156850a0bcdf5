import type {} from '../../renderer/features/reading/readingTestHook';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openPulledDemo, screenshot, startAppSession, storeRows, type AppSession } from './support/demo';
import { goTo } from './support/settingsUi';

/**
 * Issue 13, whole-archive backup: on the demo archive a reviewer flags a message, writes a note and
 * opens a case; Settings → Back up writes the folder. A second profile (new data folder, new Chromium
 * profile, new data key: a new machine) restores it through Settings; afterwards every IndexedDB
 * table's rows (read raw, sealed blobs byte for byte) and every media store file are identical to the
 * first profile's. A copy of the backup with one altered byte is refused, naming the file, and
 * nothing is restored from it.
 */
const PASSPHRASE = 'backup passphrase e2e';
let scratch: string | null = null;
const sessions: AppSession[] = [];

afterAll(async () => {
  for (const session of sessions) await session.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Every object store of the archive, read with the raw IndexedDB API: name → rows, bytes as hex. */
async function dumpArchive(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, string[]>>((resolve, reject) => {
        const encode = (value: unknown): unknown => {
          if (value instanceof Uint8Array)
            return { bytes: [...value].map((b) => b.toString(16).padStart(2, '0')).join('') };
          if (value instanceof ArrayBuffer) return { buffer: encode(new Uint8Array(value)) };
          if (value instanceof Date) return { date: value.getTime() };
          if (Array.isArray(value)) return value.map(encode);
          if (value === undefined) return { undefined: true };
          if (value && typeof value === 'object')
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
          return value;
        };
        const open = indexedDB.open('wecom-archive');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names);
          const out: Record<string, string[]> = {};
          for (const name of names) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => {
              out[name] = (request.result as unknown[]).map((row) => JSON.stringify(encode(row)));
            };
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
  );
}

/** Every file of a media store (or a backup's media/), relative path → SHA-256, the apps' open copies aside. */
async function mediaTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string, prefix: string[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (prefix.length === 1 && entry.name === 'open') continue;
        await walk(path.join(dir, entry.name), [...prefix, entry.name]);
      } else
        out[[...prefix, entry.name].join('/')] = createHash('sha256')
          .update(await readFile(path.join(dir, entry.name)))
          .digest('hex');
    }
  };
  await walk(root, []);
  return out;
}

/**
 * Waits until the archive's background workers have caught up, so a backup taken next is the archive
 * the test compares with: the rules worker checks new search blocks up to 5 s after ingest wrote them
 * (renderer/rules/rules.worker.ts) and the search worker backfills and compacts every 1.5 s
 * (renderer/search/search.worker.ts); either writes its own progress rows.
 */
async function waitArchiveSettled(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        const state = await storeRows<{ key: string; block?: number }>(page, 'rulesState');
        const checked = state.find((row) => row.key === 'checked')?.block ?? 0;
        const docs = await storeRows<{ id: number }>(page, 'searchDocs');
        return checked >= Math.max(0, ...docs.map((doc) => doc.id));
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  let previous = '';
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await dumpArchive(page));
        const same = now === previous;
        previous = now;
        return same;
      },
      { interval: 2_000, timeout: 60_000 },
    )
    .toBe(true);
}

const timeline = (page: Page, convId: string) =>
  page.locator(`[data-testid="timeline"][data-conv="${convId}"]`);

/** The group chat with the most messages and its last message (raw store). */
async function busiestChat(page: Page): Promise<{ convId: string; msgid: string }> {
  const dump = await dumpArchive(page);
  const counts = new Map<string, { n: number; last: { msgid: string; msgtime: number } }>();
  for (const line of dump.messages ?? []) {
    const row = JSON.parse(line) as { convId?: string; msgid: string; msgtime?: number };
    if (!row.convId?.startsWith('g:')) continue;
    const entry = counts.get(row.convId) ?? { n: 0, last: { msgid: row.msgid, msgtime: -1 } };
    entry.n += 1;
    if ((row.msgtime ?? 0) > entry.last.msgtime) entry.last = { msgid: row.msgid, msgtime: row.msgtime ?? 0 };
    counts.set(row.convId, entry);
  }
  const [convId, entry] = [...counts].sort((a, b) => b[1].n - a[1].n)[0] ?? [];
  if (!convId || !entry) throw new Error('the demo corpus has no group chat');
  return { convId, msgid: entry.last.msgid };
}

/** A flag, a note and a case on one message, by the reviewer's keyboard (features/review, cases). */
async function reviewOneMessage(page: Page): Promise<void> {
  const { convId, msgid } = await busiestChat(page);
  await page.evaluate(([c, m]) => window.__archiveReading?.open(c, m), [convId, msgid] as const);
  const row = timeline(page, convId).locator(`.tl-item[data-msgid="${msgid}"]`);
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await expect.poll(() => row.getAttribute('class')).toContain('tl-item--highlight');
  await timeline(page, convId).getByTestId('timeline-scroll').focus();
  await page.keyboard.press('f');
  await expect.poll(() => row.getAttribute('data-flag')).toBe('medium');
  await page.keyboard.press('n');
  const noteDialog = page.getByTestId('note-dialog');
  await noteDialog.getByTestId('note-text').fill('备份前的备注 / note before the backup');
  await noteDialog.getByTestId('note-save').click();
  await noteDialog.waitFor({ state: 'detached' });
  await timeline(page, convId).getByTestId('timeline-scroll').focus();
  await page.keyboard.press('x');
  await expect.poll(() => page.getByTestId('selection-count').getAttribute('data-count')).toBe('1');
  await page.keyboard.press('c');
  const caseDialog = page.getByTestId('add-to-case-dialog');
  await caseDialog.getByTestId('case-new-name').fill('备份测试案件');
  await caseDialog.getByTestId('case-add').click();
  await caseDialog.waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
}

async function restoreThroughSettings(page: Page, folder: string): Promise<void> {
  await goTo(page, 'Settings');
  const form = page.getByTestId('restore-form');
  await form.getByTestId('restore-folder').fill(folder);
  await form.getByTestId('restore-passphrase').fill(PASSPHRASE);
  await form.getByTestId('restore-verify').click();
}

describe('whole-archive backup and restore (issue 13)', () => {
  let backupFolder = '';
  let before: Record<string, string[]> = {};
  let mediaBefore: Record<string, string> = {};

  it('backs up the demo archive with a flag, a note and a case through Settings', async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'backup-e2e-'));
    const first = await startAppSession({ port: 47991, language: 'en' });
    sessions.push(first);
    const { page } = first;
    await openPulledDemo(page);
    await reviewOneMessage(page);
    await waitArchiveSettled(page);

    await goTo(page, 'Settings');
    const section = page.locator('#backup');
    await expect.poll(() => section.getByTestId('data-folder-location').textContent()).toBe(first.dataDir);
    const form = section.getByTestId('backup-form');
    await form.getByTestId('backup-parent').fill(scratch);
    await form.getByTestId('backup-passphrase').fill(PASSPHRASE);
    await form.getByTestId('backup-passphrase-again').fill(PASSPHRASE);
    await form.getByTestId('backup-start').click();
    await form.getByTestId('backup-done').waitFor({ timeout: 120_000 });
    backupFolder = (await form.getByTestId('backup-folder-path').textContent()) ?? '';
    expect(path.dirname(backupFolder)).toBe(scratch);
    await screenshot(page, 'backup-settings-en');

    before = await dumpArchive(page);
    mediaBefore = await mediaTree(path.join(first.dataDir, 'media'));
    expect(before.markFlags?.length).toBeGreaterThan(0);
    expect(before.markNotes?.length).toBeGreaterThan(0);
    expect(before.cases?.length).toBeGreaterThan(0);
    expect(before.messages?.length).toBeGreaterThan(0);
    expect(Object.keys(mediaBefore).length).toBeGreaterThan(0);
    // The backup's media/ is the store as it was.
    expect(await mediaTree(path.join(backupFolder, 'media'))).toEqual(mediaBefore);
    // No secret in clear in the backup: the demo's archive secret is only in the first profile's secrets file.
    const secrets = JSON.parse(await readFile(path.join(first.dataDir, 'secrets.json'), 'utf8')) as Record<
      string,
      string
    >;
    const manifest = await readFile(path.join(backupFolder, 'manifest.json'), 'utf8');
    for (const [name, value] of Object.entries(secrets))
      if (value.length >= 16) {
        expect(manifest, name).not.toContain(value);
        expect(await readFile(path.join(backupFolder, 'secrets.enc'), 'utf8'), name).not.toContain(value);
      }
  });

  it('refuses a tampered copy on a new machine, naming the file, and restores nothing', async () => {
    const second = await startAppSession({ port: 47992, language: 'en' });
    sessions.push(second);
    const tampered = path.join(scratch as string, 'tampered');
    await cp(backupFolder, tampered, { recursive: true });
    const table = path.join(tampered, 'tables', 'markNotes.jsonl');
    const bytes = await readFile(table);
    bytes[10] = (bytes[10] ?? 0) ^ 0x01;
    await writeFile(table, bytes);
    await restoreThroughSettings(second.page, tampered);
    const refused = second.page.getByTestId('restore-refused');
    await refused.waitFor();
    await expect
      .poll(() => refused.getByTestId('restore-problem').allTextContents())
      .toEqual(['tables/markNotes.jsonl: altered (SHA-256 does not match)']);
    const dump = await dumpArchive(second.page);
    expect(dump.messages).toEqual([]);
    expect(dump.markNotes).toEqual([]);
  });

  it('restores into the new profile: every table and every media file identical', async () => {
    const second = sessions[1] as AppSession;
    const { page } = second;
    await restoreThroughSettings(page, backupFolder);
    const confirm = page.getByTestId('restore-confirm');
    await confirm.waitFor({ timeout: 120_000 });
    // A fresh profile is empty: no replace confirmation is needed.
    expect(await confirm.getByTestId('restore-start').textContent()).toBe('Restore');
    const reloaded = page.waitForEvent('load', { timeout: 120_000 });
    await confirm.getByTestId('restore-start').click();
    await reloaded;
    await page.waitForFunction(() => window.__archiveTest !== undefined);
    await page.evaluate(() => window.__archiveTest?.ready);

    // The chats' day counts are derived: the restored page counts every chat again (renderer/db/chatDays.ts)
    // and ends with the counts the first profile had.
    await expect
      .poll(async () => (await storeRows(page, 'chatDaysPending')).length, { timeout: 60_000 })
      .toBe(0);
    const after = await dumpArchive(page);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const name of Object.keys(before)) expect(after[name], name).toEqual(before[name]);
    expect(await mediaTree(path.join(second.dataDir, 'media'))).toEqual(mediaBefore);
    // The restored corp is the first profile's, read with the adopted data key.
    await expect
      .poll(() => page.evaluate(() => window.__archiveTest?.corps().map((corp) => corp.isDemo)))
      .toEqual([true]);
  });
});
