import { describe, expect, it, vi } from 'vitest';
import type { ArchiveApi, DecryptResultDto, EnvelopeDto, MethodParams } from '../../../../main/contract';
import { commitBatch, redecrypt, RedecryptError, sampleEnvelope } from '../../../../renderer/db';
import type { RedecryptProgress } from '../../../../renderer/db';
import { freshDb, header, missingKeyMessage, okMessage } from '../fixtures';

type Decrypt = ArchiveApi['decryptEnvelopes'];

/** main's decryptEnvelopes with a key for `version`: decrypts those, answers missing-key for others. */
function fakeDecrypt(version: number, seen: EnvelopeDto[][] = []): Decrypt {
  return vi.fn(async ({ envelopes }: MethodParams<'decryptEnvelopes'>) => {
    seen.push(envelopes.map((e) => ({ ...e, seq: String(e.seq) })));
    const results: DecryptResultDto[] = envelopes.map((envelope) =>
      envelope.publickeyVer === version
        ? {
            msgid: envelope.msgid,
            status: 'ok',
            raw: JSON.stringify({ msgid: envelope.msgid, decrypted: envelope.encryptChatMsg }),
            header: header({ roomid: 'wrRoom', msgtype: 'text' }),
          }
        : {
            msgid: envelope.msgid,
            status: 'missing-key',
            failure: { stage: 'rsa', message: 'still no key' },
          },
    );
    return { ok: true as const, value: results };
  });
}

async function seeded() {
  const db = freshDb();
  const messages = [
    okMessage(1),
    ...Array.from({ length: 7 }, (_, i) => missingKeyMessage(10 + i, 2)),
    missingKeyMessage(30, 3),
  ];
  await commitBatch(db, 'corp-a', { batchId: 1, cursor: '30', messages });
  return db;
}

describe('redecrypt', () => {
  it('decrypts the rows of one key version in place, in chunks, reporting progress', async () => {
    const db = await seeded();
    const calls: EnvelopeDto[][] = [];
    const progress: RedecryptProgress[] = [];
    const result = await redecrypt(
      db,
      { decryptEnvelopes: fakeDecrypt(2, calls) },
      {
        corpId: 'corp-a',
        publickeyVer: 2,
        chunkSize: 3,
        onProgress: (p) => progress.push(p),
      },
    );

    expect(result).toEqual({ done: 7, total: 7, succeeded: 7 });
    expect(calls.map((chunk) => chunk.length)).toEqual([3, 3, 1]);
    expect(progress.at(0)).toEqual({ done: 0, total: 7, succeeded: 0 });
    expect(progress.map((p) => p.done)).toEqual([0, 3, 6, 7]);

    expect(await db.messages.count()).toBe(9);
    const row = await db.messages.get(['corp-a', 'm10']);
    expect(row).toMatchObject({ status: 'ok', seq: '10', convId: 'g:wrRoom', msgtype: 'text' });
    expect(row?.raw).toContain('cm-m10');
    expect(row?.envelope).toBeUndefined();
    expect(row?.failure).toBeUndefined();
    // Other versions are left alone.
    expect((await db.messages.get(['corp-a', 'm30']))?.status).toBe('missing-key');
  });

  it('sends the stored envelope exactly (seq, msgid, version, both ciphertexts)', async () => {
    const db = await seeded();
    const calls: EnvelopeDto[][] = [];
    await redecrypt(db, { decryptEnvelopes: fakeDecrypt(3, calls) }, { corpId: 'corp-a', publickeyVer: 3 });
    expect(calls).toEqual([
      [{ seq: '30', msgid: 'm30', publickeyVer: 3, encryptRandomKey: 'rk-m30', encryptChatMsg: 'cm-m30' }],
    ]);
  });

  it('keeps rows that still fail encrypted, with the new reason', async () => {
    const db = await seeded();
    const result = await redecrypt(db, { decryptEnvelopes: fakeDecrypt(99) }, { corpId: 'corp-a' });
    expect(result).toEqual({ done: 8, total: 8, succeeded: 0 });
    const row = await db.messages.get(['corp-a', 'm30']);
    expect(row?.status).toBe('missing-key');
    expect(row?.failure?.message).toBe('still no key');
    expect(row?.envelope).toEqual({ encryptRandomKey: 'rk-m30', encryptChatMsg: 'cm-m30' });
  });

  it('never overwrites a row that was decrypted meanwhile', async () => {
    const db = await seeded();
    const decryptEnvelopes: Decrypt = async (params) => {
      // A running pull stores the decrypted copy while the renderer waits for main's answer.
      await commitBatch(db, 'corp-a', {
        batchId: 2,
        cursor: '30',
        messages: [okMessage(30, 'm30', { roomid: 'wrPull' })],
      });
      return fakeDecrypt(3)(params);
    };
    const result = await redecrypt(db, { decryptEnvelopes }, { corpId: 'corp-a', publickeyVer: 3 });
    expect(result.succeeded).toBe(0);
    expect((await db.messages.get(['corp-a', 'm30']))?.convId).toBe('g:wrPull');
  });

  it('stops on an error answer and leaves the remaining rows untouched', async () => {
    const db = await seeded();
    let calls = 0;
    const decryptEnvelopes: Decrypt = async (params) => {
      calls += 1;
      if (calls === 2) return { ok: false, error: { code: 'host-crashed', message: 'SDK host died' } };
      return fakeDecrypt(2)(params);
    };
    const failure = await redecrypt(
      db,
      { decryptEnvelopes },
      { corpId: 'corp-a', publickeyVer: 2, chunkSize: 3 },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RedecryptError);
    expect((failure as RedecryptError).progress).toEqual({ done: 3, total: 7, succeeded: 3 });
    expect((await db.messages.toArray()).filter((row) => row.status === 'ok')).toHaveLength(4);
    // The undecrypted rows' table agrees with the rows (the three decrypted left it, the rest stayed).
    expect(await db.messageProblems.count()).toBe((await db.messages.count()) - 4);
  });

  it('finds a sample envelope of a version for proving an imported key', async () => {
    const db = await seeded();
    expect(await sampleEnvelope(db, 'corp-a', 3)).toEqual({
      seq: '30',
      msgid: 'm30',
      publickeyVer: 3,
      encryptRandomKey: 'rk-m30',
      encryptChatMsg: 'cm-m30',
    });
    expect(await sampleEnvelope(db, 'corp-a', 7)).toBeNull();
  });
});
