import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaPaths } from '../../../../../main/services/media/mediaPaths';
import { MediaRecords, type ItemRecord } from '../../../../../main/services/media/mediaRecords';

/** The per-corp record log (main/services/media/mediaRecords.ts): what survives restarts and damage. */

const done = (sdkfileid: string, sha: string, extra: Partial<ItemRecord> = {}): ItemRecord =>
  ({
    state: 'done',
    sdkfileid,
    kind: 'image',
    sha256: sha.repeat(64).slice(0, 64),
    size: 10,
    md5: 'a'.repeat(32),
    expectedMd5: 'a'.repeat(32),
    expectedSize: 10,
    verification: 'verified',
    mime: 'image/png',
    attempts: 0,
    completedAt: 1,
    pack: { n: 1, offset: 0 },
    ...extra,
  }) as ItemRecord;

describe('media records', () => {
  let dir: string;
  let paths: MediaPaths;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'media-records-'));
    paths = new MediaPaths(dir);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the last record per item across a restart, and finds stored content by md5 and size', async () => {
    const first = new MediaRecords(paths);
    await first.write('c', done('x', '1'));
    await first.write('c', done('y', '2'));
    await first.write('c', done('x', '3', { md5: 'b'.repeat(32) }));
    await first.close();

    const again = new MediaRecords(paths);
    expect((await again.read('c', 'x')) as { sha256: string }).toMatchObject({ sha256: '3'.repeat(64) });
    expect(await again.read('c', 'y')).toMatchObject({ state: 'done' });
    expect(await again.read('c', 'z')).toBeNull();
    expect(await again.read('other corp', 'x')).toBeNull();
    expect(await again.sha256ByMd5('c', 'B'.repeat(32), 10)).toBe('3'.repeat(64));
    expect(await again.sha256ByMd5('c', 'b'.repeat(32), 11)).toBeNull();
    expect((await again.bySha256('c', '2'.repeat(64)))?.sdkfileid).toBe('y');
    await again.close();
  });

  it('drops a torn last line (power cut mid-append) and keeps everything before it', async () => {
    const first = new MediaRecords(paths);
    await first.write('c', done('x', '1'));
    await first.close();
    const log = paths.recordLog('c');
    await writeFile(log, `${await readFile(log, 'utf8')}{"state":"done","sdkfileid":"y","sha2`);

    const again = new MediaRecords(paths);
    expect(await again.read('c', 'x')).toMatchObject({ state: 'done' });
    expect(await again.read('c', 'y')).toBeNull();
    await again.write('c', done('z', '4'));
    await again.close();
    // Rewritten without the torn line, so the next append starts on a line of its own.
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as ItemRecord).sdkfileid)).toEqual(['x', 'z']);
  });

  it('folds per-item record files of earlier versions into the log, once', async () => {
    const legacy = paths.legacyItemsDir('c');
    await mkdir(legacy, { recursive: true });
    await writeFile(path.join(legacy, `${paths.itemKey('old')}.json`), JSON.stringify(done('old', '5')));
    // A file whose name is not its record's key (tampered or misplaced) is ignored.
    await writeFile(path.join(legacy, `${paths.itemKey('other')}.json`), JSON.stringify(done('old2', '6')));
    const records = new MediaRecords(paths);
    expect(await records.read('c', 'old')).toMatchObject({ sha256: '5'.repeat(64) });
    expect(await records.read('c', 'old2')).toBeNull();
    await records.close();
    await expect(readFile(path.join(legacy, `${paths.itemKey('old')}.json`))).rejects.toThrow();
    const reopened = new MediaRecords(paths);
    expect(await reopened.read('c', 'old')).toMatchObject({ state: 'done' });
    await reopened.close();
  });

  it('rewrites chunk journals in place, shorter over longer, and keeps oversized ones whole', async () => {
    const records = new MediaRecords(paths);
    const journal = (bytes: number, indexbuf: string, sdkfileid = 'big') => ({
      sdkfileid,
      bytes,
      indexbuf,
      wholeAttempt: 1,
      chunkFailures: 0,
    });
    await records.writeJournal('c', journal(1_048_576, 'Range:bytes=1048576-1572863'));
    await records.writeJournal('c', journal(0, ''));
    expect(await records.readJournal('c', 'big')).toEqual(journal(0, ''));
    // On disk it is the padded block: the JSON, then spaces.
    const text = await readFile(paths.journalFile('c', 'big'), 'utf8');
    expect(text.trimEnd()).toBe(JSON.stringify(journal(0, '')));
    const long = journal(5, 'x'.repeat(3_000), 'long');
    await records.writeJournal('c', long);
    expect(await records.readJournal('c', 'long')).toEqual(long);
    await records.clearPartial('c', 'big');
    expect(await records.readJournal('c', 'big')).toBeNull();
    await records.close();

    // A torn block (power cut mid-write) reads as no journal: the download starts the file again.
    const torn = new MediaRecords(paths);
    await writeFile(paths.journalFile('c', 'long'), '{"sdkfileid":"long","bytes":5,"indexbuf":"xx');
    expect(await torn.readJournal('c', 'long')).toBeNull();
    await torn.close();
  });

  it('rewrites a log that is mostly superseded lines when it is opened', async () => {
    const first = new MediaRecords(paths);
    for (let i = 0; i < 1_500; i += 1) await first.write('c', done('same', String(i % 10)));
    await first.write('c', done('other', 'f'));
    await first.close();
    const log = paths.recordLog('c');
    expect((await readFile(log, 'utf8')).trim().split('\n')).toHaveLength(1_501);

    const again = new MediaRecords(paths);
    expect(await again.read('c', 'same')).toMatchObject({ sha256: '9'.repeat(64) });
    await again.close();
    expect((await readFile(log, 'utf8')).trim().split('\n')).toHaveLength(2);
  });
});
