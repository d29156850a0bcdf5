import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceMessageDto } from '../../../../../main/contract';
import { createFileSecretStore } from '../../../../../main/services/config/secretStore';
import { CSV_COLUMNS, FILES } from '../../../../../main/services/evidence/bundleFormat';
import {
  EvidenceBundleWriter,
  type EvidenceBeginParams,
  type StoredMediaBytes,
} from '../../../../../main/services/evidence/bundleWriter';
import { EvidenceSigningKey, SIGNING_KEY_SECRET } from '../../../../../main/services/evidence/signingKey';
import { verifyBundle } from '../../../../../main/services/evidence/verifyBundle';
import { sealEntry } from '../../../../../main/common/audit/auditChain';
import { evidenceLabels } from '../../../../../renderer/features/export/evidenceLabels';
import { evidenceZhCN } from '../../../../../renderer/i18n/evidence.zh-CN';
import { readingZhCN } from '../../../../../renderer/i18n/reading.zh-CN';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'evidence-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function params(overrides: Partial<EvidenceBeginParams> = {}): EvidenceBeginParams {
  return {
    scope: { kind: 'conversation', title: '张三 ↔ 李四', parameters: { convId: 'c1' }, contextMessages: 0 },
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    reviewer: { name: '审阅人', employeeId: 'E1' },
    labels: evidenceLabels((key) => lookup({ reading: readingZhCN, evidence: evidenceZhCN }, key)),
    includePdf: false,
    fetchMissingMedia: false,
    expectedMessages: 4,
    ...overrides,
  };
}

function lookup(resource: unknown, key: string): string {
  let node = resource;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return typeof node === 'string' ? node : key;
}

function message(seq: number, raw: object, extra: Partial<EvidenceMessageDto> = {}): EvidenceMessageDto {
  return {
    corpId: 'corp-1',
    corpid: 'ww0000000000000001',
    msgid: (raw as { msgid: string }).msgid,
    seq: String(seq),
    publickeyVer: 1,
    status: 'ok',
    raw: JSON.stringify(raw),
    convId: 'c1',
    convLabel: '张三 ↔ 李四',
    context: false,
    ...extra,
  };
}

const base = { action: 'send', from: 'zhangsan', tolist: ['lisi'], roomid: '', msgtime: 1717200000000 };

async function writeBundle(
  options: { zip?: boolean; fetched?: string[][] } = {},
): Promise<{ folder: string; keyFingerprint: string; zipFile?: string }> {
  const imageFile = path.join(dir, 'store.bin');
  await writeFile(imageFile, Buffer.concat([Buffer.from('xx'), PNG]));
  const stored: StoredMediaBytes = {
    file: imageFile,
    offset: 2,
    size: PNG.length,
    mime: 'image/png',
    sha256: sha256(PNG),
  };
  const secrets = createFileSecretStore({ file: path.join(dir, 'secrets.json'), kind: 'file-0600' });
  const key = new EvidenceSigningKey(secrets);
  const folder = path.join(dir, 'out', 'EV-test');
  const writer = new EvidenceBundleWriter({
    folder,
    exportId: 'EV-test',
    params: params({
      ...(options.zip ? { zip: true } : {}),
      ...(options.fetched ? { fetchMissingMedia: true } : {}),
    }),
    app: { name: 'test', version: '0.0.0', shell: 'web' },
    media: {
      stored: async (_corp, sdkfileid) => (sdkfileid === 'img-1' ? stored : null),
      toWav: async () => Buffer.alloc(0),
      ...(options.fetched
        ? {
            fetch: async (_corp: string, items: ReadonlyArray<{ ref: { sdkfileid: string } }>) => {
              options.fetched?.push(items.map(({ ref }) => ref.sdkfileid));
            },
          }
        : {}),
    },
    now: () => 1717300000000,
  });
  await writer.open();
  await writer.append(
    [
      message(1, { ...base, msgid: 'm1', msgtype: 'text', text: { content: '合同已经寄出，请查收' } }),
      message(2, {
        ...base,
        msgid: 'm2',
        from: 'lisi',
        msgtype: 'text',
        text: { content: '这是一条引用/回复消息：\n"张三：\n合同已经寄出，请查收"\n------\n收到' },
      }),
    ],
    { zhangsan: '张三', lisi: '李四' },
  );
  await writer.append(
    [
      message(3, {
        ...base,
        msgid: 'm3',
        msgtype: 'image',
        image: { sdkfileid: 'img-1', md5sum: 'aa', filesize: PNG.length },
      }),
      message(
        4,
        { ...base, msgid: 'm4', msgtype: 'revoke', revoke: { pre_msgid: 'm1' } },
        {
          marks: { flag: '重要', tags: ['合同'], note: '需核实, "引号"', cases: ['案件 1'] },
        },
      ),
      message(5, {
        ...base,
        msgid: 'm5',
        msgtype: 'file',
        file: { sdkfileid: 'f-9', md5sum: 'bb', filesize: 10, filename: '../../etc/passwd' },
      }),
    ],
    {},
  );
  const viewed = await sealEntry(
    { seq: 5, hash: 'a'.repeat(64) },
    {
      time: 1717290000000,
      reviewer: { name: '审阅人' },
      action: 'conversation.viewed',
      target: { convId: 'c1' },
    },
    sha256,
  );
  const linked = await sealEntry(
    viewed,
    {
      time: 1717300000000,
      reviewer: { name: '审阅人' },
      action: 'evidence.exported',
      target: { exportId: 'EV-test' },
    },
    sha256,
  );
  const result = await writer.finish(
    [viewed, linked] as unknown as Record<string, unknown>[],
    key.asSigner(),
    null,
    () => undefined,
  );
  expect(result.messages).toBe(5);
  expect(result.mediaFiles).toBe(1);
  expect(result.mediaMissing).toBe(1);
  expect(await secrets.get(SIGNING_KEY_SECRET)).toMatch(/BEGIN PRIVATE KEY/);
  expect(result.zip).toBe(options.zip ? 'written' : 'skipped');
  return {
    folder,
    keyFingerprint: result.signerFingerprint,
    ...(result.zipFile ? { zipFile: result.zipFile } : {}),
  };
}

describe('evidence bundle', () => {
  it('writes every file, and sha256sum -c and the verifier accept it', async () => {
    const { folder, keyFingerprint } = await writeBundle();
    const files = (await readdir(folder)).sort();
    expect(files).toEqual(
      [
        FILES.audit,
        FILES.html,
        FILES.manifest,
        FILES.signature,
        FILES.csv,
        FILES.jsonl,
        FILES.media,
        FILES.readme,
        FILES.sums,
        FILES.signer,
        'media',
      ].sort(),
    );
    expect(execFileSync('sha256sum', ['-c', FILES.sums], { cwd: folder, encoding: 'utf8' })).not.toMatch(
      /FAILED/,
    );
    const report = await verifyBundle(folder, { pinnedFingerprint: keyFingerprint });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checked).toBe(8); // html, csv, jsonl, media.jsonl, audit, README, signer.pub, the image

    const csv = await readFile(path.join(folder, FILES.csv));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toContain('合同已经寄出，请查收');
    expect(lines[4]).toContain('"需核实, ""引号"""');

    const jsonl = (await readFile(path.join(folder, FILES.jsonl), 'utf8')).trim().split('\n');
    const first = JSON.parse(jsonl[0] ?? '') as { decrypted: string; publickey_ver: number; corp: string };
    expect(JSON.parse(first.decrypted)).toMatchObject({ msgid: 'm1' });
    expect(first.corp).toBe('ww0000000000000001');

    const html = await readFile(path.join(folder, FILES.html), 'utf8');
    expect(html).toContain('UTC+08:00');
    expect(html).toContain('Asia/Shanghai');
    expect(html).toMatch(/<a class="ql" href="#m1">/); // the quote links to its original
    expect(html).toMatch(/href="#m1">[^<]+<\/a><\/div>/); // the recall links to the recalled message
    expect(html).toContain(`src="media/${sha256(PNG)}.png"`);
    expect(html).not.toMatch(/<script|https?:\/\//i);
    expect(html).toContain('class="marks"');
    const mediaIndex = (await readFile(path.join(folder, FILES.media), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(mediaIndex[0]).toMatchObject({ state: 'included', sha256: sha256(PNG), md5_reported: 'aa' });
    expect(mediaIndex[1]).toMatchObject({
      state: 'not-downloaded',
      original_name: '../../etc/passwd',
      file: null,
    });
    expect((await stat(path.join(folder, 'media', `${sha256(PNG)}.png`))).size).toBe(PNG.length);
  });

  it('verifies the signature with openssl alone', async () => {
    const { folder } = await writeBundle();
    const out = execFileSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        FILES.signer,
        '-rawin',
        '-in',
        FILES.manifest,
        '-sigfile',
        FILES.signature,
      ],
      { cwd: folder, encoding: 'utf8' },
    );
    expect(out).toMatch(/Signature Verified Successfully/);
  });

  it('names a flipped media byte, a deleted file, an edited CSV cell, an added file', async () => {
    const { folder } = await writeBundle();
    const media = path.join(folder, 'media', `${sha256(PNG)}.png`);
    const bytes = await readFile(media);
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    await writeFile(media, bytes);
    await unlink(path.join(folder, FILES.readme));
    const csvFile = path.join(folder, FILES.csv);
    await writeFile(csvFile, (await readFile(csvFile, 'utf8')).replace('合同已经寄出', '合同没有寄出'));
    await writeFile(path.join(folder, 'media', 'added.txt'), 'x');
    const report = await verifyBundle(folder);
    expect(report.ok).toBe(false);
    const named = report.problems.map((p) => `${p.problem} ${p.file}`);
    expect(named).toEqual(
      expect.arrayContaining([
        `altered media/${sha256(PNG)}.png`,
        `missing ${FILES.readme}`,
        `altered ${FILES.csv}`,
        'extra media/added.txt',
      ]),
    );
  });

  it('writes the same bundle as a .zip that unpacks to a folder the verifier accepts', async () => {
    const { folder, zipFile } = await writeBundle({ zip: true });
    expect(zipFile).toBe(`${folder}.zip`);
    expect(execFileSync('unzip', ['-tq', zipFile ?? ''], { encoding: 'utf8' })).toMatch(/No errors/);
    const unpacked = path.join(dir, 'unpacked');
    execFileSync('unzip', ['-q', zipFile ?? '', '-d', unpacked]);
    const copy = path.join(unpacked, 'EV-test');
    const list = async (root: string): Promise<string[]> =>
      (await readdir(root, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
        .sort();
    const files = await list(folder);
    expect(await list(copy)).toEqual(files);
    for (const file of files)
      expect(sha256(await readFile(path.join(copy, file))), file).toBe(
        sha256(await readFile(path.join(folder, file))),
      );
    const report = await verifyBundle(copy);
    expect(report.problems).toEqual([]);
    expect(execFileSync('sha256sum', ['-c', FILES.sums], { cwd: copy, encoding: 'utf8' })).not.toMatch(
      /FAILED/,
    );
  });

  it('asks for the missing media of a chunk in one download request', async () => {
    const fetched: string[][] = [];
    await writeBundle({ fetched });
    expect(fetched).toEqual([['f-9']]);
  });

  it('names SHA256SUMS when a line is dropped, a hash is changed or a file is added to it', async () => {
    const { folder } = await writeBundle();
    const sumsFile = path.join(folder, FILES.sums);
    const lines = (await readFile(sumsFile, 'utf8')).trim().split('\n');
    const [first = '', second = '', ...rest] = lines;
    const changed = `${'0'.repeat(64)}${second.slice(64)}`;
    await writeFile(sumsFile, `${[changed, ...rest, `${'1'.repeat(64)}  notes.txt`].join('\n')}\n`);
    const report = await verifyBundle(folder);
    expect(report.ok).toBe(false);
    const details = report.problems.filter((p) => p.file === FILES.sums).map((p) => p.detail);
    expect(details).toEqual(
      expect.arrayContaining([
        `${FILES.sums} does not list ${first.slice(66)}.`,
        `${FILES.sums} states another hash for ${second.slice(66)}.`,
        `${FILES.sums} lists notes.txt, which the manifest does not.`,
      ]),
    );
  });

  it('names an edited manifest, a forged signature, a tampered audit entry and a foreign key', async () => {
    const { folder } = await writeBundle();
    const manifestFile = path.join(folder, FILES.manifest);
    const manifest = await readFile(manifestFile, 'utf8');
    await writeFile(manifestFile, manifest.replace('"审阅人"', '"别人"'));
    const auditFile = path.join(folder, FILES.audit);
    await writeFile(
      auditFile,
      (await readFile(auditFile, 'utf8')).replace('conversation.viewed', 'conversation.hidden'),
    );
    const report = await verifyBundle(folder, { pinnedFingerprint: 'ffff' });
    const named = report.problems.map((p) => `${p.problem} ${p.file}`);
    expect(named).toEqual(
      expect.arrayContaining([
        `altered ${FILES.manifest}`,
        `signature ${FILES.signature}`,
        `signature ${FILES.signer}`,
        `altered ${FILES.audit}`,
        `audit-chain ${FILES.audit}`,
      ]),
    );
  });
});
