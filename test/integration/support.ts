import { createHash } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { EnvelopeInput } from '../../native/host/protocol';
import { readCorpusRecords, readMediaIndex, readPrivateKeyPem } from '../../native/standin/corpus/index';
import { createNodeHostLauncher } from '../../main/services/sdkHost/nodeHostLauncher';
import { SdkHostClient, type SdkHostClientOptions } from '../../main/services/sdkHost/sdkHostClient';

/** Shared helpers of the integration ring: a host client on the built stand-in, corpus readers, faults. */

export const paths = inject('integration');

export interface TestCorp {
  corpid: string;
  secret: string;
  keyVersions: readonly number[];
}

export interface StartHostOptions {
  env?: Record<string, string>;
  client?: Omit<SdkHostClientOptions, 'launcher' | 'launchOptions'>;
}

/** A client whose host serves `paths.corpusDir`; host output is kept for failure messages. */
export function startHost(options: StartHostOptions = {}): { client: SdkHostClient; output: string[] } {
  const output: string[] = [];
  const client = new SdkHostClient({
    launcher: createNodeHostLauncher({
      hostBundle: paths.hostBundle,
      output: (stream, line) => output.push(`${stream}: ${line}`),
    }),
    launchOptions: {
      env: { WEWORK_STANDIN_DATA: paths.corpusDir, WEWORK_STANDIN_FAULTS: '', ...options.env },
    },
    ...options.client,
  });
  return { client, output };
}

export async function loadAndInit(
  client: SdkHostClient,
  corp: TestCorp,
  options: { secret?: string; corpid?: string; rsaBackend?: 'auto' | 'node-crypto' | 'libcrypto' } = {},
): Promise<void> {
  await client.load({
    libraryPath: paths.library,
    ...(options.rsaBackend ? { rsaBackend: options.rsaBackend } : {}),
  });
  await client.init({ corpid: options.corpid ?? corp.corpid, secret: options.secret ?? corp.secret });
}

export interface ChatEnvelope extends EnvelopeInput {
  seq: string;
}

export interface ChatPage {
  errcode: number;
  errmsg: string;
  envelopes: ChatEnvelope[];
}

/** GetChatData JSON with seq kept exact: numbers are quoted before JSON.parse (docs/wecom-sdk.md §1.6). */
export function parseChatPage(raw: string): ChatPage {
  const page = JSON.parse(raw.replace(/"seq":(\d+)/g, '"seq":"$1"')) as {
    errcode: number;
    errmsg: string;
    chatdata?: Array<{
      seq: string;
      msgid: string;
      publickey_ver: number;
      encrypt_random_key: string;
      encrypt_chat_msg: string;
    }>;
  };
  return {
    errcode: page.errcode,
    errmsg: page.errmsg,
    envelopes: (page.chatdata ?? []).map((item) => ({
      seq: item.seq,
      msgid: item.msgid,
      publickeyVer: item.publickey_ver,
      encryptRandomKey: item.encrypt_random_key,
      encryptChatMsg: item.encrypt_chat_msg,
    })),
  };
}

export const chatRequest = (seq: string, limit: number, timeout = 5) => ({
  seq,
  limit,
  proxy: '',
  passwd: '',
  timeout,
});

/** Pages with the exclusive cursor until a page is shorter than `limit` (docs/wecom-sdk.md §1.3). */
export async function pullAll(
  client: SdkHostClient,
  limit: number,
  onPage?: (page: ChatPage) => Promise<void>,
): Promise<{ envelopes: ChatEnvelope[]; calls: number }> {
  const envelopes: ChatEnvelope[] = [];
  let cursor = '0';
  let calls = 0;
  for (;;) {
    const page = parseChatPage((await client.getChatData(chatRequest(cursor, limit))).raw);
    calls += 1;
    if (page.errcode !== 0) throw new Error(`errcode ${page.errcode} ${page.errmsg}`);
    await onPage?.(page);
    envelopes.push(...page.envelopes);
    const last = page.envelopes.at(-1);
    if (last) cursor = last.seq;
    if (page.envelopes.length < limit) return { envelopes, calls };
  }
}

export interface CorpusMessage {
  seq: bigint;
  publickeyVer: number;
  msgid: string;
  body: Buffer;
}

export async function corpusMessages(corpid: string): Promise<CorpusMessage[]> {
  const messages: CorpusMessage[] = [];
  for await (const record of readCorpusRecords(paths.corpusDir, corpid)) messages.push(record);
  return messages;
}

export async function privateKeysOf(corp: TestCorp): Promise<Record<number, string>> {
  const keys: Record<number, string> = {};
  for (const version of corp.keyVersions)
    keys[version] = await readPrivateKeyPem(paths.corpusDir, corp.corpid, version);
  return keys;
}

export interface MediaFile {
  sdkfileid: string;
  path: string;
  md5: string;
  size: number;
}

export async function mediaFiles(corpid: string): Promise<MediaFile[]> {
  const index = await readMediaIndex(paths.corpusDir, corpid);
  return [...index].map(([sdkfileid, entry]) => ({
    sdkfileid,
    path: path.isAbsolute(entry.file) ? entry.file : path.join(paths.corpusDir, 'media', entry.file),
    md5: entry.md5,
    size: entry.size,
  }));
}

export interface Download {
  data: Buffer;
  chunks: Array<{ indexbuf: string; outIndexBuf: string; length: number; isFinish: boolean }>;
}

/** GetMediaData chunk loop (docs/wecom-sdk.md §5): "" first, then each outindexbuf verbatim until is_finish. */
export async function downloadMedia(client: SdkHostClient, sdkfileid: string): Promise<Download> {
  const parts: Buffer[] = [];
  const chunks: Download['chunks'] = [];
  let indexbuf = '';
  for (let round = 0; round < 10_000; round += 1) {
    const chunk = await client.getMediaChunk({ sdkfileid, indexbuf, proxy: '', passwd: '', timeout: 5 });
    parts.push(Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength));
    chunks.push({
      indexbuf,
      outIndexBuf: chunk.outIndexBuf,
      length: chunk.data.byteLength,
      isFinish: chunk.isFinish,
    });
    if (chunk.isFinish) return { data: Buffer.concat(parts), chunks };
    indexbuf = chunk.outIndexBuf;
  }
  throw new Error(`${sdkfileid}: no is_finish after 10000 chunks`);
}

export const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex');

/**
 * The stand-in's fault control file (FAULTS.md): re-read when its mtime or size changes, so each
 * write gets its own mtime explicitly — two writes within one timestamp tick would otherwise look equal.
 */
export class FaultControl {
  readonly file: string;
  private revision = 0;

  constructor(name: string) {
    mkdirSync(paths.scratchDir, { recursive: true });
    this.file = path.join(paths.scratchDir, `${name}-${process.pid}.faults`);
    this.set({});
  }

  get env(): Record<string, string> {
    return { WEWORK_STANDIN_FAULTS: `@${this.file}` };
  }

  set(faults: Record<string, string | number>): void {
    this.revision += 1;
    const text = Object.entries(faults)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n');
    writeFileSync(this.file, `${text}\n# revision ${this.revision}\n`);
    const mtime = 1_000_000_000 + this.revision;
    utimesSync(this.file, mtime, mtime);
  }

  clear(): void {
    this.set({});
  }
}
