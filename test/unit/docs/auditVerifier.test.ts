import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, sealEntry, type AuditEntry } from '../../../main/common/audit/auditChain';
import { verifyTrailFile } from '../../../build/scripts/verify-trail';

/** The verifier script printed in docs/audit-trail.md, and build/scripts/verify-trail.ts, on real exports. */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'audit-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function docScript(): string {
  const doc = readFileSync(path.join(ROOT, 'docs/audit-trail.md'), 'utf8');
  const match = /```js\n([\s\S]*?)```/.exec(doc);
  if (!match?.[1]) throw new Error('docs/audit-trail.md has no js block');
  return match[1];
}

async function trail(length: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < length; i += 1)
    entries.push(
      await sealEntry(
        entries.at(-1) ?? null,
        {
          time: i,
          reviewer: { name: '审阅人 "A"' },
          action: 'search.performed',
          target: {},
          after: { query: `合同\n${i}`, filters: { b: [1, { z: null, a: true }], a: 'x' } },
        },
        sha256,
      ),
    );
  return entries;
}

function write(name: string, entries: readonly AuditEntry[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, entries.map((entry) => `${canonicalJson(entry)}\n`).join(''));
  return file;
}

function runDoc(file: string, head?: string): { code: number; out: string } {
  const script = path.join(dir, 'verify.mjs');
  writeFileSync(script, docScript());
  try {
    return {
      code: 0,
      out: execFileSync('node', [script, file, ...(head ? [head] : [])], { encoding: 'utf8' }),
    };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { code: failed.status, out: failed.stdout };
  }
}

describe('the verifier outside the app', () => {
  it('the docs script is at most 30 lines', () => {
    expect(docScript().trimEnd().split('\n').length).toBeLessThanOrEqual(30);
  });

  it('both accept an intact export and report an edit, a deleted middle entry and a cut tail', async () => {
    const entries = await trail(8);
    const head = entries.at(-1)!.hash;
    const intact = write('intact.jsonl', entries);
    expect(runDoc(intact, head)).toEqual({ code: 0, out: `OK 8 entries, last hash ${head}\n` });
    expect((await verifyTrailFile(intact, head)).broken).toBeNull();

    const edited = entries.map((entry) => (entry.seq === 3 ? { ...entry, time: 99 } : entry));
    const editedFile = write('edited.jsonl', edited);
    expect(runDoc(editedFile)).toMatchObject({
      code: 1,
      out: expect.stringContaining('BROKEN at seq 3: edited'),
    });
    expect((await verifyTrailFile(editedFile, head)).broken).toMatchObject({ kind: 'edited', seq: 3 });

    const deleted = write(
      'deleted.jsonl',
      entries.filter((entry) => entry.seq !== 5),
    );
    expect(runDoc(deleted)).toMatchObject({ code: 1, out: expect.stringContaining('BROKEN at seq 5') });
    expect((await verifyTrailFile(deleted, head)).broken).toMatchObject({ kind: 'missing', seq: 5 });

    const cut = write('cut.jsonl', entries.slice(0, 6));
    expect(runDoc(cut)).toMatchObject({ code: 0 });
    expect(runDoc(cut, head)).toMatchObject({ code: 1, out: expect.stringContaining('tail was removed') });
    expect((await verifyTrailFile(cut, head)).broken).toMatchObject({ kind: 'truncated', seq: 7 });
    expect((await verifyTrailFile(cut, `8:${head}`)).broken).toMatchObject({ kind: 'truncated', seq: 7 });
    await expect(verifyTrailFile(cut, 'nothex')).rejects.toThrow('--head takes 64 lowercase hex digits');
  });
});
