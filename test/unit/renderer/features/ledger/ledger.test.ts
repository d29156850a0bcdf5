import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PullStatusDto } from '../../../../../main/contract';
import { commitBatch } from '../../../../../renderer/db';
import {
  exportLedger,
  ledgerCsv,
  ledgerReport,
  LedgerRecorder,
  messagesPerDay,
} from '../../../../../renderer/features/ledger';
import { localDay } from '../../../../../renderer/features/ledger/ledgerQueries';
import {
  estimateBatchBytes,
  isQuotaError,
  StorageFullError,
  StorageGuard,
} from '../../../../../renderer/features/pull/storageGuard';
import { pullStatus } from '../../fakeArchive';
import { commitFirstBatch, freshDb, okMessage } from '../../fixtures';

const DAY = 86_400_000;
const T0 = new Date(2026, 0, 10, 12, 0, 0).getTime();

const status = (corpId: string, overrides: Partial<PullStatusDto>): PullStatusDto =>
  pullStatus(corpId, 'pulling', overrides);

describe('LedgerRecorder', () => {
  it('records a run with its seq range, counts and errors by cause (each error once), and ends it', async () => {
    const db = freshDb();
    let now = T0;
    const ledger = new LedgerRecorder(db, undefined, () => now);
    ledger.runStarted('c1', 'schedule', '0');
    ledger.batchCommitted('c1', { cursor: '500', messages: 500, added: 498 });
    const busy = { at: T0 + 1, kind: 'sdk-10001', retryable: true, message: 'network' };
    ledger.statusChanged(status('c1', { errors: [busy] }));
    ledger.statusChanged(status('c1', { errors: [busy] }));
    ledger.statusChanged(
      status('c1', {
        errors: [
          busy,
          { ...busy, at: T0 + 2 },
          { at: T0 + 3, kind: 'errcode-45009', retryable: true, message: 'freq' },
        ],
      }),
    );
    ledger.batchCommitted('c1', { cursor: '700', messages: 200, added: 200 });
    now = T0 + 60_000;
    ledger.statusChanged(status('c1', { state: 'caught-up', errors: [] }));
    await ledger.flushed();

    const [run] = await ledger.tables.runs.toArray();
    expect(run).toMatchObject({
      corpId: 'c1',
      trigger: 'schedule',
      startedAt: T0,
      endedAt: T0 + 60_000,
      startSeq: '0',
      endSeq: '700',
      batches: 2,
      messages: 700,
      added: 698,
      outcome: 'caught-up',
      errorsByCause: { 'sdk-10001': 2, 'errcode-45009': 1 },
    });
    expect((await ledger.tables.errors.toArray()).map((error) => error.kind)).toEqual([
      'sdk-10001',
      'sdk-10001',
      'errcode-45009',
    ]);
  });

  it('writes the gap before the continued pull and closes it with the first seq stored after it', async () => {
    const db = freshDb();
    const ledger = new LedgerRecorder(db, undefined, () => T0 + DAY);
    await commitFirstBatch(
      db,
      'c1',
      [1, 2, 3].map((seq) => okMessage(seq, `m${seq}`, { msgtime: T0 + seq })),
    );
    const id = await ledger.openGap('c1', '3', T0);
    expect(await ledger.tables.gaps.get(id)).toMatchObject({
      afterSeq: '3',
      afterTime: T0 + 3,
      firstSeqAfter: null,
      reviewer: 'unknown',
      reason: 'expired-cursor-10010',
    });

    await commitBatch(db, 'c1', {
      batchId: 2,
      cursor: '12',
      messages: [10, 11, 12].map((seq) => okMessage(seq, `m${seq}`, { msgtime: T0 + DAY + seq })),
    });
    ledger.batchCommitted('c1', { cursor: '12', messages: 3, added: 3 });
    await ledger.flushed();
    expect(await ledger.tables.gaps.get(id)).toMatchObject({
      firstSeqAfter: '10',
      firstTimeAfter: T0 + DAY + 10,
    });

    await ledger.acknowledgeGap(id);
    expect(await ledger.tables.gaps.get(id)).toMatchObject({
      acknowledgedAt: T0 + DAY,
      acknowledgedBy: 'unknown',
    });
  });
});

describe('ledger report and export', () => {
  it('counts decrypted messages per local day, oldest first', async () => {
    const db = freshDb();
    await commitFirstBatch(db, 'c1', [
      okMessage(1, 'a', { msgtime: T0 }),
      okMessage(2, 'b', { msgtime: T0 + 1000, roomid: 'room1' }),
      okMessage(3, 'c', { msgtime: T0 + 2 * DAY }),
      okMessage(4, 'd', { msgtime: T0 - DAY }),
    ]);
    await commitFirstBatch(db, 'other', [okMessage(1, 'x', { msgtime: T0 })]);
    expect(await messagesPerDay(db, 'c1')).toEqual([
      { day: localDay(T0 - DAY), messages: 1 },
      { day: localDay(T0), messages: 2 },
      { day: localDay(T0 + 2 * DAY), messages: 1 },
    ]);
  });

  it('exports CSV and JSON with the SHA-256 of each in the manifest; CSV fields are quoted', async () => {
    const db = freshDb();
    const ledger = new LedgerRecorder(db, undefined, () => T0);
    await commitFirstBatch(db, 'c1', [okMessage(1, 'a', { msgtime: T0 })]);
    await ledger.openGap('c1', '1', null);
    ledger.logError({
      at: T0,
      corpId: 'c1',
      source: 'pull',
      kind: 'sdk-10010',
      message: 'expired, "quoted"\nline',
    });
    await ledger.flushed();
    const report = await ledgerReport(db, 'c1', T0 - 4 * DAY, T0);
    expect(report.retention).toEqual({
      sinceLastSuccessMs: 4 * DAY,
      pastShortWindow: true,
      pastLongWindow: false,
    });

    const { files, manifest } = await exportLedger(report, 'ledger-c1');
    expect(files.map((file) => file.name)).toEqual(['ledger-c1.json', 'ledger-c1.csv']);
    const entries = (
      JSON.parse(manifest.text) as { files: Array<{ name: string; sha256: string; bytes: number }> }
    ).files;
    for (const file of files) {
      const entry = entries.find((candidate) => candidate.name === file.name);
      expect(entry?.sha256).toBe(createHash('sha256').update(file.text, 'utf8').digest('hex'));
      expect(entry?.bytes).toBe(Buffer.byteLength(file.text, 'utf8'));
    }
    const csv = ledgerCsv(report);
    expect(csv).toContain('gap,c1,1,,');
    expect(csv).toContain('"expired, ""quoted""\nline"');
    expect(csv).toContain(`day,c1,${localDay(T0)},1`);
  });
});

describe('StorageGuard', () => {
  const manager = (usage: number, quota: number, persisted = false) => ({
    persisted: async () => persisted,
    persist: async () => true,
    estimate: async () => ({ usage, quota }),
  });

  it('asks for persistence once and reports usage and quota', async () => {
    const guard = new StorageGuard(manager(10, 1000));
    expect(await guard.requestPersistence()).toMatchObject({ persisted: true, usage: 10, quota: 1000 });
  });

  it('refuses a batch that does not fit in the free quota, saying how much more is needed', async () => {
    const messages = [okMessage(1), okMessage(2)];
    const needed = estimateBatchBytes(messages) + 2 * 1024 * 1024;
    await expect(new StorageGuard(manager(0, needed)).checkBatch(messages)).resolves.toBeUndefined();
    const refused = new StorageGuard(manager(100, needed)).checkBatch(messages);
    await expect(refused).rejects.toBeInstanceOf(StorageFullError);
    await expect(refused).rejects.toMatchObject({ neededBytes: 100, usage: 100, quota: needed });
    const capped = new StorageGuard(manager(0, 10 * needed));
    await capped.capQuotaForTests(needed - 1);
    await expect(capped.checkBatch(messages)).rejects.toMatchObject({ neededBytes: 1 });
  });

  it('recognises a quota error however Dexie wraps it', () => {
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new Error('ConstraintError: key exists'))).toBe(false);
  });
});
