import type {} from '../../renderer/features/reading/readingTestHook';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, testResultsDir } from '../../build/paths';
import { launchChromium } from './support/chromium';
import { demoCorpus, openPulledDemo, screenshot, storeRows, useAppSession } from './support/demo';

/**
 * Issue 13: evidence export on the demo archive. A chat with media and a case holding one message of
 * every msgtype are exported through the UI; the chat's bundle is left at
 * build/out/test-results/evidence-bundle/ (the case's beside it). `sha256sum -c` and `npm run
 * verify-evidence` accept it; a flipped media byte, a deleted file and an edited CSV cell are each
 * named with a non-zero exit, also by the app's Verify screen. index.html opened with JavaScript off
 * shows every msgtype's card and requests nothing but its own files; pdftotext reads the Chinese.
 */
const PORT = 47981;
const session = useAppSession({ port: PORT, language: 'zh-CN' });
const BUNDLE = path.join(testResultsDir, 'evidence-bundle');
const CASE_BUNDLE = path.join(testResultsDir, 'evidence-bundle-case');
let scratch: string | null = null;

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

interface RawRow {
  corpId: string;
  msgid: string;
  convId?: string;
  msgtime?: number;
  msgtype?: string;
  status: string;
}

/** Every stored row of the corp, read with the raw IndexedDB API (no app code). */
async function rows(page: Page, corpId: string): Promise<RawRow[]> {
  return (await storeRows<RawRow>(page, 'messages')).filter((row) => row.corpId === corpId);
}

/**
 * Opens a bundle's index.html in a fresh Chromium with JavaScript off, checks that it requested
 * nothing but its own files, then hands the page to `check`.
 */
async function withBundleHtml(folder: string, check: (html: Page) => Promise<void>): Promise<void> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1100, height: 900 },
    });
    const html = await context.newPage();
    const requested: string[] = [];
    html.on('request', (request) => requested.push(request.url()));
    await html.goto(`file://${path.join(folder, 'index.html')}`);
    await html.waitForLoadState('load');
    expect(requested.filter((url) => !url.startsWith('file://'))).toEqual([]);
    await check(html);
  } finally {
    await browser.close();
  }
}

interface BundleManifest {
  scope: { kind: string; parameters: Record<string, unknown>; contextMessages: number };
  counts: { messages: number; askedMessages: number; contextMessages: number };
}

/** The manifest and messages.jsonl of a bundle folder: what was asked, and each row's msgid and role. */
async function bundleContent(
  folder: string,
): Promise<{ manifest: BundleManifest; rows: Array<{ msgid: string; context: boolean }> }> {
  const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as BundleManifest;
  const rows = (await readFile(path.join(folder, 'messages.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { msgid: string; context: boolean });
  return { manifest, rows };
}

/**
 * A case holding one decrypted message of every msgtype the demo has, with a flag and a tag on the first
 * (the cases' and marks' own tables, schema v6, written as the app stores them).
 */
async function seedCase(page: Page, corpId: string, picks: RawRow[]): Promise<void> {
  await page.evaluate(
    ({ corpId, picks }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('wecom-archive');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['cases', 'caseItems', 'markFlags', 'markTags', 'tagDefs'], 'readwrite');
          const now = Date.now();
          tx.objectStore('cases').put({
            id: 'case-e2e-evidence',
            name: '证据导出测试案件',
            description: '',
            status: 'open',
            createdAt: now,
            createdBy: 'E2E 审阅人',
            updatedAt: now,
          });
          for (const row of picks)
            tx.objectStore('caseItems').put({
              caseId: 'case-e2e-evidence',
              corpId,
              kind: 'message',
              ref: row.msgid,
              convId: row.convId,
              msgtime: row.msgtime,
              addedAt: now,
              addedBy: 'E2E 审阅人',
            });
          const first = picks[0];
          if (first) {
            const ref = { corpId, msgid: first.msgid, convId: first.convId, msgtime: first.msgtime };
            tx.objectStore('markFlags').put({ ...ref, severity: 'high', at: now, by: 'E2E 审阅人' });
            tx.objectStore('markTags').put({ ...ref, tag: '关键证据', at: now, by: 'E2E 审阅人' });
            tx.objectStore('tagDefs').put({ name: '关键证据', colour: '#b42318', createdAt: now });
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    { corpId, picks },
  );
}

/**
 * Runs the export dialog that `open` opened, into `parent` (after `setUp` filled in its options);
 * returns the bundle folder main wrote.
 */
async function exportThroughDialog(
  page: Page,
  parent: string,
  setUp: (dialog: ReturnType<Page['getByTestId']>) => Promise<void> = async () => undefined,
): Promise<string> {
  const dialog = page.getByTestId('export-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('export-folder').fill(parent);
  await setUp(dialog);
  await dialog.getByTestId('export-start').click();
  await dialog.getByTestId('export-done').waitFor({ timeout: 120_000 });
  return (await dialog.getByTestId('export-folder-path').textContent()) ?? '';
}

/** Opens a chat in the reader (from whatever screen is showing), at `msgid` when given. */
async function openChat(page: Page, convId: string, msgid?: string): Promise<void> {
  await page.getByRole('button', { name: '存档', exact: true }).click();
  await page.waitForFunction(() => window.__archiveReading !== undefined);
  await page.evaluate(([id, at]) => window.__archiveReading?.open(id, at), [convId, msgid] as const);
}

/** Closes the finished export dialog. */
async function closeDialog(page: Page): Promise<void> {
  await page.getByTestId('export-dialog').getByRole('button', { name: '关闭' }).click();
}

async function scratchDir(prefix: string): Promise<string> {
  scratch ??= await mkdtemp(path.join(os.tmpdir(), 'evidence-e2e-'));
  return mkdtemp(path.join(scratch, prefix));
}

function verifyEvidence(folder: string): { status: number | null; out: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'build/scripts/verify-evidence.ts', folder],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

async function tamperedCopy(
  name: string,
  change: (dir: string) => Promise<string>,
): Promise<[string, string]> {
  scratch ??= await mkdtemp(path.join(os.tmpdir(), 'evidence-e2e-'));
  const dir = path.join(scratch, name);
  await cp(BUNDLE, dir, { recursive: true });
  return [dir, await change(dir)];
}

describe('evidence export (issue 13)', () => {
  let corpId = '';
  let chatConvId = '';
  let chatTexts: string[] = [];

  it('exports a chat with its media through the dialog and leaves the bundle in test-results', async () => {
    const { page } = session;
    corpId = await openPulledDemo(page);
    const stored = await rows(page, corpId);
    // The chat with the most media-bearing messages.
    const media = new Map<string, number>();
    for (const row of stored)
      if (row.convId && ['image', 'voice', 'video', 'file', 'emotion'].includes(row.msgtype ?? ''))
        media.set(row.convId, (media.get(row.convId) ?? 0) + 1);
    const convId = [...media].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    expect(convId).not.toBe('');
    chatConvId = convId;
    // The chat's Chinese texts from the demo corpus itself (IndexedDB holds them sealed at rest).
    const inChat = new Set(stored.filter((row) => row.convId === convId).map((row) => row.msgid));
    chatTexts = (await demoCorpus())
      .filter((record) => inChat.has(record.msgid))
      .map((record) => JSON.parse(record.body) as { msgtype?: string; text?: { content?: string } })
      .filter((message) => message.msgtype === 'text')
      .map((message) => message.text?.content ?? '')
      .filter((text) => /[\u4e00-\u9fff]{4}/.test(text) && !text.includes('\n'));

    await page.evaluate((id) => window.__archiveReading?.open(id), convId);
    await page.getByTestId('conversation-detail').getByTestId('export-conversation').click();
    const parent = await mkdtemp(path.join(os.tmpdir(), 'evidence-out-'));
    const folder = await exportThroughDialog(page, parent);
    expect(path.dirname(folder)).toBe(parent);
    await screenshot(page, 'evidence-export-done');
    await page.getByTestId('export-dialog').getByRole('button', { name: '关闭' }).click();
    await rm(BUNDLE, { recursive: true, force: true });
    await cp(folder, BUNDLE, { recursive: true });
    await rm(parent, { recursive: true, force: true });

    const mediaFiles = await readdir(path.join(BUNDLE, 'media'));
    expect(mediaFiles.length).toBeGreaterThan(0);
    const manifest = JSON.parse(await readFile(path.join(BUNDLE, 'manifest.json'), 'utf8')) as {
      counts: { messages: number; mediaFiles: number };
      scope: { kind: string };
    };
    expect(manifest.scope.kind).toBe('conversation');
    expect(manifest.counts.messages).toBe(stored.filter((row) => row.convId === convId).length);
  });

  it('passes sha256sum -c and npm run verify-evidence', () => {
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: BUNDLE, encoding: 'utf8' });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
    const verified = verifyEvidence(BUNDLE);
    expect(verified.status, verified.out).toBe(0);
    console.log(
      `[evidence] sha256sum -c: ${sums.stdout.trim().split('\n').length} files OK; verify-evidence: ${verified.out.trim().split('\n').at(-1)}`,
    );
  });

  it('names a flipped media byte, a deleted file and an edited CSV cell (CLI and the Verify screen)', async () => {
    const cases = [
      await tamperedCopy('flipped', async (dir) => {
        const name = (await readdir(path.join(dir, 'media')))[0] ?? '';
        const file = path.join(dir, 'media', name);
        const bytes = await readFile(file);
        const at = Math.floor(bytes.length / 2);
        bytes[at] = (bytes[at] ?? 0) ^ 0x01;
        await writeFile(file, bytes);
        return `media/${name}`;
      }),
      await tamperedCopy('deleted', async (dir) => {
        await unlink(path.join(dir, 'messages.jsonl'));
        return 'messages.jsonl';
      }),
      await tamperedCopy('csv', async (dir) => {
        const file = path.join(dir, 'messages.csv');
        const lines = (await readFile(file, 'utf8')).split('\r\n');
        lines[1] = (lines[1] ?? '').replace(/,(\d+),/, (_all, seq: string) => `,${Number(seq) + 1},`);
        await writeFile(file, lines.join('\r\n'));
        return 'messages.csv';
      }),
    ];
    for (const [dir, file] of cases) {
      const result = verifyEvidence(dir);
      expect(result.status, result.out).not.toBe(0);
      expect(result.out).toContain(` ${file}:`);
    }
    // The app's Verify screen names the same file.
    const { page } = session;
    await page.getByRole('button', { name: '检查证据包' }).click();
    const [dir, file] = cases[0] ?? ['', ''];
    await page.getByTestId('verify-folder').fill(dir);
    await page.getByTestId('verify-run').click();
    const report = page.getByTestId('verify-report');
    await report.waitFor();
    expect(await report.getAttribute('data-ok')).toBe('false');
    expect(await report.getByTestId('verify-problem').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(file)]),
    );
    await screenshot(page, 'evidence-verify-broken');
  });

  it('exports a case holding every msgtype; its HTML shows each card with JavaScript off', async () => {
    const { page } = session;
    const stored = await rows(page, corpId);
    const byType = new Map<string, RawRow>();
    for (const row of stored)
      if (row.status === 'ok' && row.msgtype && row.convId && !byType.has(row.msgtype))
        byType.set(row.msgtype, row);
    const picks = [...byType.values()];
    expect(picks.length).toBeGreaterThan(20);
    await seedCase(page, corpId, picks);
    await page.getByRole('button', { name: '案件' }).click();
    await page.locator('[data-case-name="证据导出测试案件"]').click();
    await page.getByTestId('case-view').getByTestId('export-case').click();
    const parent = await mkdtemp(path.join(os.tmpdir(), 'evidence-case-'));
    const folder = await exportThroughDialog(page, parent);
    await page.getByTestId('export-dialog').getByRole('button', { name: '关闭' }).click();
    await rm(CASE_BUNDLE, { recursive: true, force: true });
    await cp(folder, CASE_BUNDLE, { recursive: true });
    await rm(parent, { recursive: true, force: true });
    const verified = verifyEvidence(CASE_BUNDLE);
    expect(verified.status, verified.out).toBe(0);
    const audit = (await readFile(path.join(CASE_BUNDLE, 'audit.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(audit.at(-1) ?? '{}')).toMatchObject({ action: 'evidence.exported' });

    await withBundleHtml(CASE_BUNDLE, async (html) => {
      for (const msgtype of byType.keys()) {
        const card = html.locator(`article[data-msgtype="${msgtype}"]`).locator('.card, .sys').first();
        expect(await card.isVisible(), msgtype).toBe(true);
      }
      // The reviewer's marks are their own labelled layer.
      expect(await html.locator('aside.marks').count()).toBe(picks.length); // each names its case
      const flagged = html.locator(`article:has(aside.marks:has-text("关键证据"))`);
      expect(await flagged.count()).toBe(1);
      await html.screenshot({
        path: path.join(testResultsDir, 'screenshots', 'evidence-bundle-msgtypes.png'),
        fullPage: true,
      });
    });
  });

  it('exports one day of the chat with 2 messages of context, also as a .zip that unpacks to the same bundle', async () => {
    const { page } = session;
    const chat = (await rows(page, corpId))
      .filter((row) => row.convId === chatConvId && row.msgtime !== undefined)
      .sort((a, b) => (a.msgtime ?? 0) - (b.msgtime ?? 0) || (a.msgid < b.msgid ? -1 : 1));
    // A day in the middle of the chat, in the app's zone (the system's: none is chosen), so there is
    // chat on both sides of it.
    const timeZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const dayFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const dayOf = (ms: number) => dayFormat.format(ms);
    const days = [...new Set(chat.map((row) => dayOf(row.msgtime ?? 0)))];
    expect(days.length).toBeGreaterThan(2);
    const day = days[Math.floor(days.length / 2)] ?? '';

    await openChat(page, chatConvId);
    await page.getByTestId('conversation-detail').getByTestId('export-conversation').click();
    const parent = await scratchDir('range-');
    const folder = await exportThroughDialog(page, parent, async (dialog) => {
      await dialog.getByTestId('export-range').check();
      await dialog.getByTestId('export-from').fill(day);
      await dialog.getByTestId('export-to').fill(day);
      await dialog.getByTestId('export-context').fill('2');
      await dialog.getByTestId('export-zip').check();
    });
    const zipFile = (await page.getByTestId('export-zip-path').textContent()) ?? '';
    expect(zipFile).toBe(`${folder}.zip`);
    await screenshot(page, 'evidence-export-range-zip');
    await closeDialog(page);

    const { manifest, rows: exported } = await bundleContent(folder);
    expect(manifest.scope.kind).toBe('conversation');
    const fromMs = manifest.scope.parameters.fromMs as number;
    const toMs = manifest.scope.parameters.toMs as number;
    expect(toMs - fromMs).toBe(24 * 3600_000 - 1);
    const inside = chat.filter((row) => (row.msgtime ?? 0) >= fromMs && (row.msgtime ?? 0) <= toMs);
    const first = chat.indexOf(inside[0] as RawRow);
    const last = chat.indexOf(inside.at(-1) as RawRow);
    expect(inside.length).toBeGreaterThan(0);
    const context = [...chat.slice(Math.max(0, first - 2), first), ...chat.slice(last + 1, last + 3)];
    expect(exported.filter((row) => !row.context).map((row) => row.msgid)).toEqual(
      inside.map((row) => row.msgid),
    );
    expect(exported.filter((row) => row.context).map((row) => row.msgid)).toEqual(
      context.map((row) => row.msgid),
    );
    expect(manifest.counts).toMatchObject({
      askedMessages: inside.length,
      contextMessages: context.length,
    });

    // The .zip holds the folder under its own name; unpacked, it verifies like the folder.
    const unpacked = await scratchDir('unzip-');
    const unzip = spawnSync('unzip', ['-q', zipFile, '-d', unpacked], { encoding: 'utf8' });
    expect(unzip.status, unzip.stderr).toBe(0);
    const copy = path.join(unpacked, path.basename(folder));
    expect((await readdir(copy, { recursive: true })).sort()).toEqual(
      (await readdir(folder, { recursive: true })).sort(),
    );
    const verified = verifyEvidence(copy);
    expect(verified.status, verified.out).toBe(0);
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: copy, encoding: 'utf8' });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
  });

  it("exports a rule's alerts from the Alerts screen and a person's messages from the person view", async () => {
    const { page } = session;
    // A rule on a word the demo's texts hold, saved through the Rules screen; its run raises alerts.
    const texts = (await demoCorpus())
      .map((record) => {
        try {
          return (JSON.parse(record.body) as { text?: { content?: string } }).text?.content ?? '';
        } catch {
          return '';
        }
      })
      .filter(Boolean);
    const word = ['合同', '报价', '优惠', '发票', '客户'].find((w) => texts.some((text) => text.includes(w)));
    expect(word).toBeDefined();
    await page.getByRole('button', { name: '规则', exact: true }).click();
    await page.locator('input[type=file][accept=".txt,text/plain"]').setInputFiles({
      name: '证据规则.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`${word}\n`, 'utf8'),
    });
    await expect.poll(() => page.getByTestId('rule-terms').inputValue()).toBe(`${word}\n`);
    await page.getByTestId('rule-save').click();
    await expect
      .poll(() => page.getByTestId('rules-run').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('done');
    const rule = (await storeRows<{ id: string; name: string }>(page, 'rules')).find(
      (row) => row.name === '证据规则',
    );
    expect(rule).toBeDefined();
    const alerted = (await storeRows<{ msgid: string; ruleIds: string[] }>(page, 'alerts'))
      .filter((row) => row.ruleIds.includes(rule?.id ?? ''))
      .map((row) => row.msgid);
    expect(alerted.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: '告警', exact: true }).click();
    const alerts = page.getByTestId('alerts-screen');
    // The Rule filter (the select offering “all rules”).
    await alerts
      .locator('select')
      .filter({ has: page.locator('option', { hasText: '全部规则' }) })
      .selectOption({ label: '证据规则' });
    await alerts.getByTestId('export-rule').click();
    const ruleFolder = await exportThroughDialog(page, await scratchDir('rule-'));
    await closeDialog(page);
    const byRule = await bundleContent(ruleFolder);
    expect(byRule.manifest.scope).toMatchObject({ kind: 'rule', parameters: { ruleId: rule?.id } });
    expect(byRule.rows.map((row) => row.msgid).sort()).toEqual([...alerted].sort());
    expect(verifyEvidence(ruleFolder).status).toBe(0);

    // A person: the sender of a message in the chat, opened from its card.
    const stored = await rows(page, corpId);
    const sample = stored.find((row) => row.convId === chatConvId && row.status === 'ok');
    expect(sample).toBeDefined();
    await openChat(page, chatConvId, sample?.msgid);
    const item = page.locator(`[data-testid="timeline"] .tl-item[data-msgid="${sample?.msgid ?? ''}"]`);
    await item.waitFor();
    await item.getByTestId('sender-name').click();
    const view = page.getByTestId('person-view');
    await view.waitFor();
    const userid = (await view.getAttribute('data-userid')) ?? '';
    const own = (await storeRows<RawRow & { from?: string }>(page, 'messages'))
      .filter((row) => row.corpId === corpId && row.from === userid && row.msgtime !== undefined)
      .map((row) => row.msgid);
    expect(own.length).toBeGreaterThan(0);
    await view.getByTestId('export-person').click();
    const personFolder = await exportThroughDialog(page, await scratchDir('person-'));
    await closeDialog(page);
    const byPerson = await bundleContent(personFolder);
    expect(byPerson.manifest.scope).toMatchObject({ kind: 'person', parameters: { userid } });
    expect(byPerson.rows.map((row) => row.msgid).sort()).toEqual([...own].sort());
    expect(verifyEvidence(personFolder).status).toBe(0);
  });

  it('index.html needs no script, loads nothing from the network, and report.pdf holds the Chinese text', async () => {
    await withBundleHtml(BUNDLE, async (page) => {
      expect(await page.locator('article.msg').count()).toBeGreaterThan(10);
      expect(await page.locator('img').count()).toBeGreaterThan(0);
      await page.screenshot({
        path: path.join(testResultsDir, 'screenshots', 'evidence-bundle-html.png'),
        fullPage: false,
      });
    });
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', path.join(BUNDLE, 'report.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(text.status, text.stderr).toBe(0);
    const flat = text.stdout.replace(/\s+/g, '');
    const sample = chatTexts.slice(0, 5);
    expect(sample.length).toBeGreaterThan(0);
    for (const line of sample) expect(flat).toContain(line.replace(/\s+/g, ''));
  });
});
