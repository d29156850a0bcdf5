import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalForm, GENESIS_HASH } from '../../../../../main/common/audit/auditChain';
import type { AuditHeadDto, Result } from '../../../../../main/contract';
import {
  auditTable,
  AuditTrail,
  exportAuditTrail,
  webCryptoSha256,
} from '../../../../../renderer/features/audit';
import {
  ReviewerIdentity,
  parseReviewer,
  REVIEWER_STORAGE_KEY,
} from '../../../../../renderer/features/reviewer';
import { memoryStorage } from '../../fakeArchive';
import { freshDb } from '../../fixtures';

/** main's two audit verbs over an in-memory head file. */
function fakeMain() {
  let head: AuditHeadDto | null = null;
  const recorded: AuditHeadDto[] = [];
  return {
    recorded,
    setHead: (next: AuditHeadDto | null) => (head = next),
    archive: {
      recordAuditHead: ({ seq, hash }: { seq: number; hash: string }): Promise<Result<AuditHeadDto>> => {
        head = { seq, hash, recordedAt: 1 };
        recorded.push(head);
        return Promise.resolve({ ok: true, value: head });
      },
      getAuditHead: (): Promise<Result<AuditHeadDto | null>> => Promise.resolve({ ok: true, value: head }),
    },
  };
}

function setup() {
  const db = freshDb();
  const main = fakeMain();
  const reviewer = new ReviewerIdentity(memoryStorage());
  let clock = 1_700_000_000_000;
  const trail = new AuditTrail({
    db,
    archive: main.archive,
    reviewer,
    log: () => undefined,
    now: () => clock++,
  });
  return { db, main, reviewer, trail };
}

describe('reviewer identity', () => {
  it('trims, requires a name and bounds both fields', () => {
    expect(parseReviewer('  王五 ', ' E9 ')).toEqual({
      ok: true,
      reviewer: { name: '王五', employeeId: 'E9' },
    });
    expect(parseReviewer('Ann', '  ')).toEqual({ ok: true, reviewer: { name: 'Ann' } });
    expect(parseReviewer('   ', 'E1')).toEqual({ ok: false, problem: 'name-required' });
    expect(parseReviewer('x'.repeat(101), '')).toEqual({ ok: false, problem: 'name-too-long' });
    expect(parseReviewer('Ann', 'x'.repeat(65))).toEqual({ ok: false, problem: 'employee-id-too-long' });
  });

  it('is remembered in the profile’s storage and tells listeners when switched', () => {
    const storage = memoryStorage();
    const first = new ReviewerIdentity(storage);
    expect(first.reviewer).toBeNull();
    let heard = 0;
    first.subscribe(() => (heard += 1));
    first.set({ name: 'Ann', employeeId: 'E1' });
    expect(heard).toBe(1);
    expect(new ReviewerIdentity(storage).reviewer).toEqual({ name: 'Ann', employeeId: 'E1' });
    storage.setItem(REVIEWER_STORAGE_KEY, '{"name":""}');
    expect(new ReviewerIdentity(storage).reviewer).toBeNull();
  });
});

describe('the audit trail service (features/audit)', () => {
  it('hashes with WebCrypto exactly as node:crypto does', async () => {
    const text = '{"a":"合同 ✓"}';
    expect(await webCryptoSha256(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('appends chained entries with the reviewer of the moment, and main records each head', async () => {
    const { db, main, reviewer, trail } = setup();
    const first = await trail.append('conversation.viewed', { corpId: 'c1', convId: 'a' });
    reviewer.set({ name: '张三', employeeId: '007' });
    const [second, third] = await Promise.all([
      trail.append('search.performed', {}, { after: { query: '合同' } }),
      trail.append('key.removed', { corpId: 'c1', version: 2 }),
    ]);
    expect(first?.reviewer).toEqual({ name: '' });
    expect(second?.reviewer).toEqual({ name: '张三', employeeId: '007' });
    const stored = await auditTable(db).orderBy('seq').toArray();
    expect(stored.map((e) => [e.seq, e.action])).toEqual([
      [1, 'conversation.viewed'],
      [2, 'search.performed'],
      [3, 'key.removed'],
    ]);
    expect(stored[0]?.prevHash).toBe(GENESIS_HASH);
    expect(stored[2]?.prevHash).toBe(second?.hash);
    expect(stored[1]?.hash).toBe(
      createHash('sha256').update(canonicalForm(stored[1]!), 'utf8').digest('hex'),
    );
    expect(main.recorded.map((h) => h.seq)).toEqual([1, 2, 3]);
    expect(main.recorded.at(-1)?.hash).toBe(third?.hash);
    const report = await trail.verify();
    expect(report.broken).toBeNull();
    expect(report.count).toBe(3);
    expect(report.head?.seq).toBe(3);
  });

  it('Verify reports an edited row, a deleted middle row and a truncated tail in the database', async () => {
    const { db, trail } = setup();
    for (let i = 0; i < 6; i += 1)
      await trail.append('conversation.viewed', { corpId: 'c1', convId: `c${i}` });

    await auditTable(db).update(3, { target: { corpId: 'c1', convId: 'other' } });
    expect((await trail.verify()).broken).toEqual({ kind: 'edited', seq: 3, index: 2 });

    const edited = await auditTable(db).get(3);
    await auditTable(db).put({ ...edited!, target: { corpId: 'c1', convId: 'c2' } });
    expect((await trail.verify()).broken).toBeNull();

    await auditTable(db).delete(4);
    expect((await trail.verify()).broken).toEqual({ kind: 'missing', seq: 4, index: 3 });

    await auditTable(db).bulkDelete([4, 5, 6]);
    expect((await trail.verify()).broken).toEqual({ kind: 'truncated', seq: 4, index: 3 });
  });

  it('a wrong head in main is reported, a head main could not give is said', async () => {
    const { main, trail } = setup();
    await trail.append('pull.started', { corpId: 'c1' });
    main.setHead({ seq: 1, hash: 'e'.repeat(64), recordedAt: 1 });
    expect((await trail.verify()).broken?.kind).toBe('head-mismatch');
    main.archive.getAuditHead = () => Promise.reject(new Error('connection lost'));
    const report = await trail.verify();
    expect(report.broken).toBeNull();
    expect(report.headError).toContain('connection lost');
  });

  it('exports JSON Lines whose lines re-hash to their hash, and a head file stating the form', async () => {
    const { db, main, trail } = setup();
    await trail.append('corp.saved', { corpId: 'c1' }, { before: null, after: { name: 'Ac\nme' } });
    await trail.append('corp.removed', { corpId: 'c1' });
    const entries = await auditTable(db).orderBy('seq').toArray();
    const [lines, headFile] = exportAuditTrail(entries, main.recorded.at(-1) ?? null, 'audit', 0);
    const parsed = lines!.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed).toHaveLength(2);
    for (const entry of parsed) {
      const { hash, ...rest } = entry;
      expect(
        createHash('sha256')
          .update(canonicalForm(rest as never), 'utf8')
          .digest('hex'),
      ).toBe(hash);
    }
    expect(JSON.parse(headFile!.text)).toMatchObject({ entries: 2, mainHead: { seq: 2 } });
    expect(headFile!.text).toContain('keys sorted');
  });
});
