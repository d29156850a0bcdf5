import { build } from 'esbuild';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { IngestMessageDto } from '../../../main/contract';
import { extractHeader } from '../../../main/services/archive/messageHeader';
import { conversationId } from '../../../renderer/db/convId';
import { demoCorpus } from '../../e2e/support/demo';
import type {} from './seedPage';

/**
 * One single chat of N messages for the benches (bench:export, bench:timeline), stored through the
 * app's own data layer (seedPage.ts: the pull's commitBatch, sealed at rest, derived indexes kept), so
 * reads pay what they pay on a pulled archive. The mix follows what a sales chat holds: mostly text of
 * varied length, then images, voice, stickers, links, files and video; the media payloads are the demo
 * archive's, so their files can be downloaded from the stand-in.
 */
export const BENCH_STAFF = 'bench-staff';
export const BENCH_CUSTOMER = 'wmBenchCustomer000000000000001';
const BATCH = 1000;
const FIRST_SEQ = 10_000_000;
const BASE_MS = 1_717_200_000_000;

const LINES = [
  '好的，收到[微笑]',
  '这个报价能再优惠一点吗？我们这边预算比较紧张，老板让我再问问',
  '明天上午十点电话沟通',
  '合同已经寄出，顺丰单号 SF1403927765512，请注意查收。如有问题随时联系我。\n谢谢！',
  'OK',
  '您好，关于上次说的续费方案，我整理了一份对比表：基础版 2 万/年，专业版 4.8 万/年，含 20 个席位和专属客服。专业版本月下单可以送三个月。',
];

/** Kinds per 100 messages: text 76, image 8, voice 3, emotion 3, link 3, file 2, video 2, ... */
const MIX: ReadonlyArray<readonly [string, number]> = [
  ['image', 8],
  ['voice', 3],
  ['emotion', 3],
  ['link', 3],
  ['file', 2],
  ['video', 2],
];
const SLOTS: string[] = (() => {
  const slots: string[] = [];
  for (const [kind, count] of MIX) for (let n = 0; n < count; n += 1) slots.push(kind);
  while (slots.length < 100) slots.push('text');
  // Spread the kinds over the hundred (a fixed stride, coprime with 100) instead of runs of one kind.
  return slots.map((_, index) => slots[(index * 37) % 100] as string);
})();

export interface BenchChat {
  convId: string;
  messages: number;
  /** How many of each msgtype were stored. */
  kinds: Record<string, number>;
}

async function mediaPayloads(): Promise<Map<string, unknown[]>> {
  const byKind = new Map<string, unknown[]>();
  for (const record of await demoCorpus()) {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(record.body) as Record<string, unknown>;
    } catch {
      continue; // the demo's deliberately malformed samples
    }
    const kind = String(message.msgtype);
    if (!MIX.some(([name]) => name === kind) || kind === 'link') continue;
    const list = byKind.get(kind) ?? [];
    if (list.length < 6) list.push(message[kind]);
    byKind.set(kind, list);
  }
  return byKind;
}

function bodyOf(i: number, media: Map<string, unknown[]>): Record<string, unknown> {
  const kind = SLOTS[i % 100] ?? 'text';
  const payloads = media.get(kind);
  if (payloads?.length) return { msgtype: kind, [kind]: payloads[Math.floor(i / 100) % payloads.length] };
  if (kind === 'link')
    return {
      msgtype: 'link',
      link: {
        title: `产品手册 第 ${i % 12} 章`,
        description: '最新版本的报价与服务说明',
        link_url: `https://example.com/doc/${i % 12}`,
        image_url: '',
      },
    };
  return { msgtype: 'text', text: { content: `${LINES[i % LINES.length] ?? ''} #${i}` } };
}

let seedScript: Promise<string> | null = null;
function bundledSeedPage(): Promise<string> {
  seedScript ??= build({
    entryPoints: [path.join(path.dirname(new URL(import.meta.url).pathname), 'seedPage.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2023',
    logLevel: 'warning',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return seedScript;
}

/**
 * Stores the chat into the corp's archive through `page` (an app session's page), batch by batch. The
 * browser shell lets one socket at a time be the UI, so the page leaves the app for a same-origin page
 * of the shell while the seed's own channel fetches the data key, and comes back to the app after.
 */
export async function seedBenchChat(
  page: Page,
  corpId: string,
  messages: number,
  progress: (step: string) => void = () => undefined,
): Promise<BenchChat> {
  if (!Number.isInteger(messages) || messages < 1) throw new Error('--messages takes a positive integer');
  const media = await mediaPayloads();
  const origin = new URL(page.url()).origin;
  await page.goto(`${origin}/session/state`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  await page.evaluate(await bundledSeedPage());
  const kinds: Record<string, number> = {};
  let convId = '';
  for (let start = 0; start < messages; start += BATCH) {
    const batch: IngestMessageDto[] = [];
    for (let i = start; i < Math.min(messages, start + BATCH); i += 1) {
      const from = i % 3 === 0 ? BENCH_CUSTOMER : BENCH_STAFF;
      const body = bodyOf(i, media);
      const raw = JSON.stringify({
        msgid: `bench_${String(i).padStart(7, '0')}`,
        action: 'send',
        from,
        tolist: [from === BENCH_STAFF ? BENCH_CUSTOMER : BENCH_STAFF],
        roomid: '',
        msgtime: BASE_MS + i * 17_000,
        ...body,
      });
      const parsed = extractHeader(raw);
      if (!parsed.ok) throw new Error(`bench message ${i} has no header`);
      convId ||= conversationId(parsed.header);
      kinds[String(body.msgtype)] = (kinds[String(body.msgtype)] ?? 0) + 1;
      batch.push({
        seq: String(FIRST_SEQ + i),
        msgid: `bench_${String(i).padStart(7, '0')}`,
        publickeyVer: 1,
        status: 'ok',
        raw,
        header: parsed.header,
      });
    }
    const cursor = batch.at(-1)?.seq ?? '0';
    await page.evaluate(
      ([c, s, m]) => {
        if (!window.__benchSeed) throw new Error('the seed page is not loaded');
        return window.__benchSeed.ingest(c, s, m);
      },
      [corpId, cursor, batch] as const,
    );
    if ((start / BATCH) % 10 === 9) progress(`seeded ${start + batch.length} of ${messages}`);
  }
  await page.evaluate(() => window.__benchSeed?.close());
  await cdp.send('Page.setBypassCSP', { enabled: false });
  await cdp.detach();
  await page.goto(`${origin}/`);
  return { convId, messages, kinds };
}
