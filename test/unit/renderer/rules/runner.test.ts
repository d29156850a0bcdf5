import { describe, expect, it } from 'vitest';
import { CUSTOMER, indexedArchive, textMessage } from './ruleFixtures';
import { commitBatch, type ArchiveDb } from '../../../../renderer/db';
import { emptyRuleDraft, type RuleDraft } from '../../../../renderer/rules/model';
import { RuleRunner, type RunProgress } from '../../../../renderer/rules/runner';
import { IndexReader } from '../../../../renderer/rules/indexReader';
import {
  deleteRule,
  mergeFound,
  rulesTables,
  saveRule,
  type AlertRow,
} from '../../../../renderer/rules/ruleStore';
import { alertDigests, readDigests, rebuildDigests } from '../../../../renderer/rules/alertDigests';
import { compactSegments } from '../../../../renderer/search/compaction';
import { searchTables } from '../../../../renderer/search/indexStore';

const draft = (overrides: Partial<RuleDraft>): RuleDraft => ({
  ...emptyRuleDraft(),
  name: 'r',
  ...overrides,
});

async function seed(db: ArchiveDb): Promise<void> {
  await commitBatch(db, 'corp-a', {
    batchId: 1,
    cursor: '6',
    messages: [
      textMessage(1, '这单给你3个点的回扣'),
      textMessage(2, '用返点卡支付就行'),
      textMessage(3, '私下返点，别走公账', { from: CUSTOMER, tolist: ['zhangwei'] }),
      textMessage(4, '今天天气不错'),
      textMessage(5, '我的电话 13812345678'),
      textMessage(6, '群里说回扣的事', { roomid: 'wrGroup1', tolist: ['a', 'b'] }),
    ],
  });
}

describe('rules over the archive', () => {
  it('runs retroactively from index candidates, one alert per message with every reason, progress to the end', async () => {
    const db = indexedArchive();
    await seed(db);
    const kickback = await saveRule(
      db,
      draft({ name: '回扣', severity: 'high', terms: ['回扣', '返点'], exclusions: ['返点卡'] }),
    );
    const phone = await saveRule(db, draft({ name: '手机', patterns: ['mobile'] }));
    const runner = new RuleRunner(db);
    const progress: RunProgress[] = [];
    const result = await runner.retroactive([kickback.id, phone.id], {
      onProgress: (p) => progress.push(p),
      progressEveryMs: 0,
    });
    expect(result).toMatchObject({ cancelled: false, messages: 6, found: 4 });
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6, found: 4 });
    const alerts = await rulesTables(db).alerts.orderBy('msgtime').toArray();
    expect(alerts.map((a) => a.msgid)).toEqual(['m1', 'm3', 'm5', 'm6']);
    expect(alerts[0]).toMatchObject({ status: 'open', severity: 2, ruleIds: [kickback.id] });
    const first = alerts[0]?.hits[0];
    expect(alerts[0]?.text.slice(first?.start, first?.end)).toBe('回扣');
    expect(alerts[2]?.hits[0]).toMatchObject({ kind: 'pattern', matcher: 'mobile', matched: '13812345678' });
  });

  it('walks many blocks stretch by stretch with reads ahead: every hit found, progress estimated then exact', async () => {
    const db = indexedArchive();
    // 70 ingest batches are 70 docs blocks (more than the stretches read ahead); one in 3 has a hit.
    for (let batch = 0; batch < 70; batch += 1)
      await commitBatch(db, 'corp-a', {
        batchId: batch + 1,
        cursor: String((batch + 1) * 3),
        messages: [0, 1, 2].map((i) =>
          textMessage(
            batch * 3 + i + 1,
            i === 0 && batch % 3 === 0 ? `第${batch}批的回扣` : `第${batch}批 普通消息 ${i}`,
          ),
        ),
      });
    expect(await searchTables(db).docs.count()).toBe(70);
    const rule = await saveRule(db, draft({ terms: ['回扣'] }));
    const runner = new RuleRunner(db);
    const progress: RunProgress[] = [];
    const result = await runner.retroactive([rule.id], {
      onProgress: (p) => progress.push(p),
      progressEveryMs: 0,
    });
    expect(result).toMatchObject({ cancelled: false, messages: 210, found: 24 });
    expect(result.phases?.blocks).toBe(70);
    for (const p of progress) expect(p.total).toBeGreaterThanOrEqual(p.done);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ done: 210, total: 210, found: 24 });
    const alerts = await rulesTables(db).alerts.toArray();
    expect(alerts.map((a) => a.msgid).sort()).toEqual(
      Array.from({ length: 24 }, (_, k) => `m${k * 9 + 1}`).sort(),
    );
    // A second run reads the blocks it kept and finds the same.
    expect(await runner.retroactive([rule.id])).toMatchObject({ messages: 210, found: 24 });
  });

  it('re-runs a changed rule replacing only its reasons, keeps triage, and deleting a rule drops open alerts', async () => {
    const db = indexedArchive();
    await seed(db);
    const runner = new RuleRunner(db);
    const a = await saveRule(db, draft({ terms: ['回扣'] }));
    const b = await saveRule(db, draft({ terms: ['返点'] }));
    await runner.retroactive([a.id, b.id]);
    const { alerts } = rulesTables(db);
    await alerts.update(['corp-a', 'm6'], { status: 'dismissed', dismissReason: 'chat' });
    // Narrow rule a to staff in single chats: m6 (group) loses its reason but keeps its triage.
    await saveRule(db, { ...a, scope: { chatKinds: ['internal', 'external'] } });
    await runner.retroactive([a.id]);
    expect(await alerts.get(['corp-a', 'm6'])).toMatchObject({ status: 'dismissed', hits: [] });
    expect((await alerts.get(['corp-a', 'm1']))?.ruleIds).toEqual([a.id]);
    await deleteRule(db, b.id);
    expect(await alerts.get(['corp-a', 'm3'])).toBeUndefined();
    expect(await alerts.get(['corp-a', 'm6'])).toBeDefined();
  });

  it('gives an alert the severity of the rules it keeps when a rule is narrowed or deleted', async () => {
    const db = indexedArchive();
    await seed(db);
    const runner = new RuleRunner(db);
    const high = await saveRule(db, draft({ name: 'high', severity: 'high', terms: ['回扣'] }));
    const low = await saveRule(db, draft({ name: 'low', severity: 'low', terms: ['回扣的事'] }));
    await runner.retroactive([high.id, low.id]);
    const { alerts } = rulesTables(db);
    // m6 (群里说回扣的事) carries both reasons: high.
    expect(await alerts.get(['corp-a', 'm6'])).toMatchObject({ severity: 2 });
    // Narrow the high rule to single chats: m6 keeps only the low rule's reason, and its severity.
    await saveRule(db, { ...high, scope: { chatKinds: ['internal', 'external'] } });
    await runner.retroactive([high.id]);
    expect(await alerts.get(['corp-a', 'm6'])).toMatchObject({ ruleIds: [low.id], severity: 0 });
    // Back in scope, then the high rule deleted: the same.
    await saveRule(db, { ...high, scope: {} });
    await runner.retroactive([high.id]);
    expect(await alerts.get(['corp-a', 'm6'])).toMatchObject({ severity: 2 });
    await deleteRule(db, high.id);
    expect(await alerts.get(['corp-a', 'm6'])).toMatchObject({ ruleIds: [low.id], severity: 0 });
  });

  it('previews an unsaved rule: live count and newest hits, writing nothing; reads only candidate texts', async () => {
    const db = indexedArchive();
    await seed(db);
    const runner = new RuleRunner(db);
    const preview = await runner.preview(
      { ...draft({ terms: ['回扣'] }), id: 'draft', createdAt: 0, updatedAt: 0 },
      20,
    );
    expect(preview.count).toBe(2);
    expect(preview.candidates).toBe(2);
    expect(preview.hits.map((h) => h.msgid)).toEqual(['m6', 'm1']);
    expect(await rulesTables(db).alerts.count()).toBe(0);
  });

  it('checks each new ingest batch incrementally after it is stored', async () => {
    const db = indexedArchive();
    await seed(db);
    const runner = new RuleRunner(db);
    // No rules yet: the check only moves past what is stored.
    expect(await runner.checkNew()).toBe(6);
    await saveRule(db, draft({ terms: ['稳赚'], scope: { direction: 'staff' } }));
    expect(await runner.checkNew()).toBe(0);
    await commitBatch(db, 'corp-a', {
      batchId: 2,
      cursor: '8',
      messages: [
        textMessage(7, '这个产品稳赚不赔'),
        textMessage(8, '稳赚？', { from: CUSTOMER, tolist: ['zhangwei'] }),
      ],
    });
    expect(await runner.checkNew()).toBe(2);
    const alerts = await rulesTables(db).alerts.toArray();
    expect(alerts.map((a) => a.msgid)).toEqual(['m7']);
  });

  it('stops a cancelled run without removing earlier reasons', async () => {
    const db = indexedArchive();
    await seed(db);
    const runner = new RuleRunner(db);
    const a = await saveRule(db, draft({ terms: ['回扣'] }));
    await runner.retroactive([a.id]);
    const result = await runner.retroactive([a.id], { isCancelled: () => true });
    expect(result.cancelled).toBe(true);
    expect(await rulesTables(db).alerts.count()).toBe(2);
  });

  it('finds candidates in merged posting buckets and in segments not merged yet alike', async () => {
    const db = indexedArchive();
    await seed(db);
    await commitBatch(db, 'corp-a', {
      batchId: 2,
      cursor: '8',
      messages: [textMessage(7, '回扣照旧'), textMessage(8, '没有别的')],
    });
    const reader = new IndexReader(db);
    const before = await reader.wordCandidates(['回扣', '天气']);
    // The first block merged into buckets, the second still a segment.
    expect(await compactSegments(db, 1, 1)).toBe(1);
    expect(await searchTables(db).segments.count()).toBe(1);
    expect(await searchTables(db).postings.count()).toBeGreaterThan(0);
    const after = await reader.wordCandidates(['回扣', '天气']);
    expect([...(after.get('回扣') ?? [])]).toEqual([...(before.get('回扣') ?? [])]);
    expect([...(after.get('天气') ?? [])]).toEqual([...(before.get('天气') ?? [])]);
    expect(after.get('回扣')?.length).toBe(3);
    const rule = await saveRule(db, draft({ terms: ['回扣'] }));
    await new RuleRunner(db).retroactive([rule.id]);
    const alerts = await rulesTables(db).alerts.toArray();
    expect(alerts.map((a) => a.msgid).sort()).toEqual(['m1', 'm6', 'm7']);
  });

  it('writes nothing when a run finds what is already stored, and rewrites an alert whose hits changed', async () => {
    const db = indexedArchive();
    await seed(db);
    const rule = await saveRule(db, draft({ terms: ['回扣'] }));
    const runner = new RuleRunner(db);
    await runner.retroactive([rule.id]);
    const { alerts } = rulesTables(db);
    const stored = (await alerts.get(['corp-a', 'm1'])) as AlertRow;
    const found = [{ ...stored, hits: [...stored.hits] }];
    const severities = new Map([[rule.id, rule.severity]]);
    expect(await mergeFound(db, found, severities, new Set([rule.id]))).toBe(0);
    const moved = [{ ...stored, hits: stored.hits.map((hit) => ({ ...hit, start: hit.start + 1 })) }];
    expect(await mergeFound(db, moved, severities, new Set([rule.id]))).toBe(1);
    expect((await alerts.get(['corp-a', 'm1']))?.hits[0]?.start).toBe((stored.hits[0]?.start ?? 0) + 1);
  });

  it("compares a re-run with the rules' digests, and merges a message they lack in the write", async () => {
    const db = indexedArchive();
    await seed(db);
    const a = await saveRule(db, draft({ terms: ['回扣'] }));
    const b = await saveRule(db, draft({ name: 'b', terms: ['返点'] }));
    const runner = new RuleRunner(db);
    await runner.retroactive([a.id, b.id]);
    const { alerts } = rulesTables(db);
    const all = await alerts.toArray();
    const ofA = all.filter((row) => row.ruleIds.includes(a.id));
    expect(ofA.length).toBeGreaterThan(0);
    expect(all.length).toBeGreaterThan(ofA.length);
    const severities = new Map([
      [a.id, a.severity],
      [b.id, b.severity],
    ]);
    const digests = await readDigests(db, new Set([a.id]), severities);
    expect(digests.rebuilt).toEqual([]);
    expect([...digests.keys.keys()].sort()).toEqual(
      ofA.map((row) => `${row.corpId}\u0000${row.msgid}`).sort(),
    );
    const same = ofA.map((row) => ({ ...row, hits: row.hits.filter((hit) => hit.ruleId === a.id) }));
    expect(await mergeFound(db, same, severities, new Set([a.id]), Date.now(), undefined, digests)).toBe(0);
    // The same hits on a changed text disagree with the digest: the alert is rewritten.
    const edited = same.slice(0, 1).map((row) => ({ ...row, text: `${row.text} ` }));
    expect(await mergeFound(db, edited, severities, new Set([a.id]), Date.now(), undefined, digests)).toBe(1);
    // A message with only b's reason has no digest of a: its new reason of a is merged with b's.
    const onlyB = all.find((row) => !row.ruleIds.includes(a.id)) as AlertRow;
    const hitOfA = { ...(ofA[0]?.hits[0] as AlertRow['hits'][number]), start: 0, end: 1 };
    const addA = [{ ...onlyB, hits: [hitOfA] }];
    expect(await mergeFound(db, addA, severities, new Set([a.id]), Date.now(), undefined, digests)).toBe(1);
    const merged = (await alerts.get([onlyB.corpId, onlyB.msgid])) as AlertRow;
    expect(merged.ruleIds.sort()).toEqual([a.id, b.id].sort());
    expect(merged.hits.length).toBe(onlyB.hits.length + 1);
  });

  it('keeps the digests equal to the alerts through runs, checks, triage, edits and deletes, and rebuilds them when missing', async () => {
    const db = indexedArchive();
    await seed(db);
    const runner = new RuleRunner(db);
    const a = await saveRule(db, draft({ terms: ['回扣', '返点'], exclusions: ['返点卡'] }));
    const b = await saveRule(db, draft({ name: 'b', patterns: ['mobile'], severity: 'high' }));
    const severities = () =>
      rulesTables(db)
        .rules.toArray()
        .then((rules) => new Map(rules.map((r) => [r.id, r.severity])));
    /** The digest records as maintained, then as rebuilt from the alerts: they must be the same. */
    const agree = async () => {
      const sev = await severities();
      const ids = [...sev.keys()];
      const kept = (await alertDigests(db).toArray()).sort((x, y) =>
        `${x.ruleId}${x.shard}`.localeCompare(`${y.ruleId}${y.shard}`),
      );
      await rebuildDigests(db, ids, sev);
      const rebuilt = (await alertDigests(db).toArray()).sort((x, y) =>
        `${x.ruleId}${x.shard}`.localeCompare(`${y.ruleId}${y.shard}`),
      );
      expect(kept).toEqual(rebuilt);
      return kept;
    };
    await runner.retroactive([a.id, b.id]);
    const first = await agree();
    expect(first.length).toBeGreaterThan(0);
    await commitBatch(db, 'corp-a', {
      batchId: 2,
      cursor: '8',
      messages: [textMessage(7, '回扣照旧 13900001111'), textMessage(8, '没事')],
    });
    await runner.checkNew();
    await agree();
    await rulesTables(db).alerts.update(['corp-a', 'm1'], { status: 'escalated' });
    await saveRule(db, { ...a, terms: ['回扣'], severity: 'low' });
    await runner.retroactive([a.id]);
    await agree();
    // A re-run that changes nothing writes nothing.
    expect((await runner.retroactive([a.id, b.id])).found).toBeGreaterThan(0);
    await agree();
    await deleteRule(db, b.id);
    expect((await alertDigests(db).toArray()).some((row) => row.ruleId === b.id)).toBe(false);
    await agree();
    // An archive whose digests are missing (from before them, or a restored backup): rebuilt at the next run.
    await alertDigests(db).clear();
    const digests = await readDigests(db, new Set([a.id]), await severities());
    expect(digests.rebuilt).toEqual([a.id]);
    expect(digests.keys.size).toBe(await rulesTables(db).alerts.where('ruleIds').equals(a.id).count());
    await agree();
  });

  it('looks a rule up by its shortest terms only, yet matches and reports every term', async () => {
    const db = indexedArchive();
    await commitBatch(db, 'corp-a', {
      batchId: 1,
      cursor: '3',
      messages: [
        textMessage(1, '回扣的事明天说'),
        textMessage(2, '稳赚不赔的产品'),
        textMessage(3, '明天说'),
      ],
    });
    const rule = await saveRule(db, draft({ terms: ['回扣的事', '回扣', '稳赚不赔'] }));
    const result = await new RuleRunner(db).retroactive([rule.id]);
    expect(result.found).toBe(2);
    expect(result.phases?.candidatePairs).toBe(2);
    const alerts = await rulesTables(db).alerts.orderBy('msgtime').toArray();
    expect(alerts.map((a) => a.hits.map((h) => h.matcher))).toEqual([['回扣', '回扣的事'], ['稳赚不赔']]);
  });

  it('writes what it found while it walks on, across many stretches of blocks, with the same result', async () => {
    const db = indexedArchive();
    // 20 blocks (one per batch, more than one stretch) of 14 messages, 13 of them hits: 260 alerts,
    // more than one write batch.
    for (let batch = 0; batch < 20; batch += 1) {
      const messages = Array.from({ length: 14 }, (_, i) => {
        const seq = batch * 14 + i + 1;
        return textMessage(seq, i < 13 ? `第${seq}单的回扣` : '普通消息');
      });
      await commitBatch(db, 'corp-a', { batchId: batch + 1, cursor: String(batch * 14 + 14), messages });
    }
    const rule = await saveRule(db, draft({ terms: ['回扣'] }));
    const result = await new RuleRunner(db).retroactive([rule.id]);
    expect(result).toMatchObject({ cancelled: false, messages: 280, found: 260 });
    // Every block's 13 hits lie in its first text page (16 documents): one page read per block.
    expect(result.phases).toMatchObject({ blocks: 20, pagesRead: 20, candidatePairs: 260 });
    const alerts = await rulesTables(db).alerts.toArray();
    expect(alerts).toHaveLength(260);
    for (const alert of alerts)
      expect(alert.text.slice(alert.hits[0]?.start, alert.hits[0]?.end)).toBe('回扣');
  }, 30_000);
});
