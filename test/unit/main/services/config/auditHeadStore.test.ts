import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestSchemas } from '../../../../../main/contract';
import { AuditHeadStore } from '../../../../../main/services/config/auditHeadStore';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'audit-head-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the audit head in main’s data folder (docs/audit-trail.md)', () => {
  it('is null until recorded, then holds the last head written, in a 0600 file', async () => {
    const store = new AuditHeadStore(dir);
    expect(await store.read()).toBeNull();
    await Promise.all([store.record(1, 'a'.repeat(64), 10), store.record(2, 'b'.repeat(64), 20)]);
    expect(await store.read()).toEqual({ seq: 2, hash: 'b'.repeat(64), recordedAt: 20 });
    const file = path.join(dir, 'audit-head.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      seq: 2,
      hash: 'b'.repeat(64),
      recordedAt: 20,
    });
  });

  it('refuses a file that is not a head, naming it', async () => {
    await writeFile(path.join(dir, 'audit-head.json'), '{"seq":"2"}');
    await expect(new AuditHeadStore(dir).read()).rejects.toThrow('audit-head.json is not an audit head');
  });

  it('the contract accepts only a positive seq and a 64-digit lowercase hex hash', () => {
    const schema = requestSchemas.recordAuditHead;
    expect(schema.safeParse({ seq: 3, hash: 'c'.repeat(64) }).success).toBe(true);
    expect(schema.safeParse({ seq: 0, hash: 'c'.repeat(64) }).success).toBe(false);
    expect(schema.safeParse({ seq: 1.5, hash: 'c'.repeat(64) }).success).toBe(false);
    expect(schema.safeParse({ seq: 3, hash: 'C'.repeat(64) }).success).toBe(false);
    expect(schema.safeParse({ seq: 3, hash: 'c'.repeat(63) }).success).toBe(false);
  });
});
