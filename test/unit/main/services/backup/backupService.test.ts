import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupService } from '../../../../../main/services/backup/backupService';
import { BACKUP_FILES } from '../../../../../main/services/backup/backupFormat';
import { createFileSecretStore, type SecretStore } from '../../../../../main/services/config/secretStore';
import { DATA_KEY_SECRET } from '../../../../../main/services/dataKey/dataKeyService';
import { EvidenceSigningKey } from '../../../../../main/services/evidence/signingKey';
import { useTempDir } from '../../../support/tempDir';

const dir = useTempDir('backup-test-');

const PASSPHRASE = 'correct horse battery';
const SCHEMA = 9;

interface Profile {
  dataDir: string;
  secrets: SecretStore;
  service: BackupService;
  adopted: string[];
}

async function profile(name: string, withCorp: boolean): Promise<Profile> {
  const dataDir = path.join(dir(), name);
  await mkdir(dataDir, { recursive: true });
  const secrets = createFileSecretStore({ file: path.join(dataDir, 'secrets.json'), kind: 'file-0600' });
  const signing = new EvidenceSigningKey(secrets);
  const adopted: string[] = [];
  let corps = withCorp;
  const service = new BackupService({
    dataDir,
    app: { name: 'test', version: '0.0.0', shell: 'web' },
    signer: signing.asSigner(),
    secretStore: secrets,
    dataKey: async () => {
      const stored = await secrets.get(DATA_KEY_SECRET);
      if (stored) return stored;
      const fresh = randomBytes(32).toString('base64');
      await secrets.set(DATA_KEY_SECRET, fresh);
      return fresh;
    },
    adoptDataKey: async (key) => {
      adopted.push(key);
      await secrets.set(DATA_KEY_SECRET, key);
    },
    reloadSettings: async () => {
      corps = (await readFile(path.join(dataDir, 'config.json'), 'utf8').catch(() => '')).includes('corp-1');
    },
    hasCorps: async () => corps,
    log: () => undefined,
  });
  return { dataDir, secrets, service, adopted };
}

const MEDIA = {
  'c0ffee/objects/ab/ab12': randomBytes(3000),
  'c0ffee/packs/000001.pack': randomBytes(70_000),
  'c0ffee/records.log': Buffer.from('{"sdkfileid":"x","state":"done"}\n'),
};

/** A source profile with a corp, secrets, media files, and a backup of two tables made from it. */
async function backedUp(includeSecrets = false): Promise<{ source: Profile; folder: string; lines: string }> {
  const source = await profile('source', true);
  await writeFile(path.join(source.dataDir, 'config.json'), '{"version":1,"corps":[{"id":"corp-1"}]}\n');
  await source.secrets.set('corp:corp-1:secret', 'very-secret-value');
  for (const [relative, bytes] of Object.entries(MEDIA)) {
    const file = path.join(source.dataDir, 'media', ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
  // Copies handed to other apps are not archive content.
  await mkdir(path.join(source.dataDir, 'media', 'c0ffee', 'open', 'r1'), { recursive: true });
  await writeFile(path.join(source.dataDir, 'media', 'c0ffee', 'open', 'r1', 'photo.jpg'), 'copy');
  const lines =
    '{"corpId":"c","msgid":"m1","sealed":{"$t":"bytes","v":"AQID"}}\n{"corpId":"c","msgid":"m2"}\n';
  const { backupId } = await source.service.begin({
    passphrase: PASSPHRASE,
    includeSecrets,
    schemaVersion: SCHEMA,
    tables: [
      { name: 'cursors', keyPath: 'corpId', autoIncrement: false, rows: 0 },
      { name: 'messages', keyPath: ['corpId', 'msgid'], autoIncrement: false, rows: 2 },
    ],
    localSettings: { 'wecom-archive.language': 'en' },
    parentDir: path.join(dir(), 'backups'),
  });
  await source.service.append({ backupId, table: 'messages', lines, rows: 2 });
  let step;
  do step = await source.service.media(backupId);
  while (!step.finished);
  expect(step.total).toBe(3);
  const result = await source.service.finish(backupId);
  expect(result.rows).toBe(2);
  expect(result.mediaFiles).toBe(3);
  return { source, folder: result.folder, lines };
}

describe('backup folder (issue 13, docs/backup.md)', () => {
  it('writes tables, media, settings and secrets.enc that sha256sum -c accepts, without secrets in clear', async () => {
    const { folder } = await backedUp();
    const listing = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder, encoding: 'utf8' });
    expect(listing).toContain('media/c0ffee/packs/000001.pack: OK');
    expect(listing).toContain('tables/cursors.jsonl: OK');
    expect(listing).not.toContain('open/');
    const manifest = JSON.parse(await readFile(path.join(folder, BACKUP_FILES.manifest), 'utf8')) as {
      includesSecrets: boolean;
      tables: Array<{ name: string; rows: number }>;
    };
    expect(manifest.includesSecrets).toBe(false);
    expect(manifest.tables.map(({ name, rows }) => [name, rows])).toEqual([
      ['cursors', 0],
      ['messages', 2],
    ]);
    for (const file of ['secrets.enc', 'manifest.json', 'settings/config.json'])
      expect(await readFile(path.join(folder, file), 'utf8')).not.toContain('very-secret-value');
  });

  it('verifies, then restores rows, media, settings and the data key into an empty profile exactly', async () => {
    const { source, folder, lines } = await backedUp(true);
    const target = await profile('target', false);
    const opened = await target.service.restoreOpen(folder, PASSPHRASE, SCHEMA);
    expect(opened.problems).toEqual([]);
    expect(opened.mainEmpty).toBe(true);
    const restoreId = opened.restoreId as string;
    expect(await target.service.restoreBegin(restoreId, false)).toEqual({
      movedAside: null,
      restartRequired: false,
    });
    expect(target.adopted).toEqual([await source.secrets.get(DATA_KEY_SECRET)]);
    expect(await target.secrets.get('corp:corp-1:secret')).toBe('very-secret-value');
    const chunk = await target.service.restoreRead(restoreId, 'messages', 0);
    expect(chunk).toMatchObject({ lines, rows: 2, done: true });
    expect((await target.service.restoreRead(restoreId, 'cursors', 0)).rows).toBe(0);
    const finished = await target.service.restoreFinish(restoreId);
    expect(finished.localSettings).toEqual({ 'wecom-archive.language': 'en' });
    for (const [relative, bytes] of Object.entries(MEDIA))
      expect(await readFile(path.join(target.dataDir, 'media', ...relative.split('/')))).toEqual(bytes);
    expect(await readdir(path.join(target.dataDir, 'media', 'c0ffee'))).not.toContain('open');
    expect(await readFile(path.join(target.dataDir, 'config.json'), 'utf8')).toContain('corp-1');
  });

  it('refuses a tampered backup naming the file, and touches nothing', async () => {
    const { folder } = await backedUp();
    const target = await profile('target', false);
    const pack = path.join(folder, 'media', 'c0ffee', 'packs', '000001.pack');
    const bytes = await readFile(pack);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    await writeFile(pack, bytes);
    await unlink(path.join(folder, 'tables', 'cursors.jsonl'));
    await writeFile(path.join(folder, 'tables', 'extra.jsonl'), '{}\n');
    const opened = await target.service.restoreOpen(folder, PASSPHRASE, SCHEMA);
    expect(opened.ok).toBe(false);
    expect(opened.restoreId).toBeNull();
    expect(opened.problems.map(({ file, problem }) => [file, problem])).toEqual(
      expect.arrayContaining([
        ['media/c0ffee/packs/000001.pack', 'altered'],
        ['tables/cursors.jsonl', 'missing'],
        ['tables/extra.jsonl', 'extra'],
      ]),
    );
    expect(target.adopted).toEqual([]);
    await expect(readdir(path.join(target.dataDir, 'media'))).rejects.toThrow();
  });

  it('refuses an edited manifest and a wrong passphrase, naming manifest.json and secrets.enc', async () => {
    const { folder } = await backedUp();
    const target = await profile('target', false);
    const wrong = await target.service.restoreOpen(folder, 'not the passphrase', SCHEMA);
    expect(wrong.problems).toEqual([expect.objectContaining({ file: 'secrets.enc', problem: 'passphrase' })]);
    const newer = await target.service.restoreOpen(folder, PASSPHRASE, SCHEMA - 1);
    expect(newer.problems).toEqual([expect.objectContaining({ file: 'manifest.json', problem: 'version' })]);
    const file = path.join(folder, BACKUP_FILES.manifest);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"rows": 2', '"rows": 3'));
    const edited = await target.service.restoreOpen(folder, PASSPHRASE, SCHEMA);
    expect(edited.problems.map(({ file: name, problem }) => [name, problem])).toEqual(
      expect.arrayContaining([
        ['manifest.json', 'altered'],
        ['manifest.sig', 'signature'],
      ]),
    );
  });

  it('refuses a profile that holds data unless replacing, and then moves the old data aside', async () => {
    const { folder } = await backedUp();
    const target = await profile('target', true);
    await writeFile(path.join(target.dataDir, 'config.json'), '{"version":1,"corps":[{"id":"old"}]}\n');
    const opened = await target.service.restoreOpen(folder, PASSPHRASE, SCHEMA);
    expect(opened.mainEmpty).toBe(false);
    const restoreId = opened.restoreId as string;
    await expect(target.service.restoreBegin(restoreId, false)).rejects.toMatchObject({
      detail: 'restore-not-empty',
    });
    expect(target.adopted).toEqual([]);
    const begun = await target.service.restoreBegin(restoreId, true);
    expect(begun.restartRequired).toBe(true);
    expect(await readFile(path.join(begun.movedAside as string, 'config.json'), 'utf8')).toContain('"old"');
  });

  it('refuses a SHA256SUMS that disagrees with the manifest, naming SHA256SUMS', async () => {
    const { folder } = await backedUp();
    const target = await profile('target', false);
    const file = path.join(folder, BACKUP_FILES.sums);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const edited = lines.findIndex((line) => line.endsWith('settings/renderer.json'));
    lines[edited] = `${'0'.repeat(64)}${(lines[edited] ?? '').slice(64)}`;
    await writeFile(file, lines.filter((line) => !line.endsWith('README.txt')).join('\n'));
    const opened = await target.service.restoreOpen(folder, PASSPHRASE, SCHEMA);
    expect(opened.problems.map(({ file: name, problem, detail }) => [name, problem, detail])).toEqual(
      expect.arrayContaining([
        ['SHA256SUMS', 'sums', expect.stringMatching(/another hash/)],
        ['SHA256SUMS', 'sums', 'SHA256SUMS does not list README.txt.'],
      ]),
    );
    expect(opened.restoreId).toBeNull();
  });

  it('a table file changed after verification stops the restore naming it', async () => {
    const { folder } = await backedUp();
    const target = await profile('target', false);
    const opened = await target.service.restoreOpen(folder, PASSPHRASE, SCHEMA);
    const restoreId = opened.restoreId as string;
    await target.service.restoreBegin(restoreId, false);
    const file = path.join(folder, 'tables', 'messages.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('m2', 'm3'));
    await expect(target.service.restoreRead(restoreId, 'messages', 0)).rejects.toThrow(
      /tables\/messages\.jsonl/,
    );
  });
});
