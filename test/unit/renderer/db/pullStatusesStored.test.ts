import { describe, expect, it, vi } from 'vitest';
import type { DecryptResultDto, IngestMessageDto, MethodParams } from '../../../../main/contract';
import { commitBatch, redecrypt } from '../../../../renderer/db';
import { freshDb, header, okMessage } from '../fixtures';

/**
 * The pull's new outcomes as the renderer stores them: sdk-crash rows keep their envelope and crash
 * count and are retried like missing-key rows; a malformed envelope keeps its text and is never sent
 * for decryption; the exact bytes of a non-UTF-8 message stay beside its text.
 */
const crashed = (seq: number, crashCount: number): IngestMessageDto => ({
  seq: String(seq),
  msgid: `m${seq}`,
  publickeyVer: 1,
  status: 'sdk-crash',
  crashCount,
  failure: { stage: 'sdk-crash', message: 'the SDK host died decrypting this message' },
  envelope: { encryptRandomKey: `rk${seq}`, encryptChatMsg: `cm${seq}` },
});

const malformed: IngestMessageDto = {
  seq: '5',
  msgid: 'm5',
  publickeyVer: 0,
  status: 'malformed-envelope',
  raw: '{"seq":5,"msgid":"m5","publickey_ver":"v1"}',
  failure: { stage: 'envelope', message: 'chatdata[4]: publickey_ver is not a u32' },
};

describe('new pull outcomes in the archive', () => {
  it('retries sdk-crash rows through decryptEnvelopes like missing-key rows, never malformed ones', async () => {
    const db = freshDb();
    const badUtf8 = { ...okMessage(2), rawBase64: Buffer.from('{"a":"\xff"}', 'latin1').toString('base64') };
    await commitBatch(db, 'corp-a', {
      batchId: 1,
      cursor: '5',
      messages: [okMessage(1), badUtf8, crashed(3, 3), crashed(4, 2), malformed],
    });
    expect((await db.messages.get(['corp-a', 'm2']))?.rawBase64).toBe(badUtf8.rawBase64);
    expect(await db.messages.get(['corp-a', 'm5'])).toMatchObject({
      status: 'malformed-envelope',
      raw: malformed.raw,
      failure: malformed.failure,
    });
    expect((await db.messages.get(['corp-a', 'm5']))?.envelope).toBeUndefined();

    const sent: string[] = [];
    const decryptEnvelopes = vi.fn(async ({ envelopes }: MethodParams<'decryptEnvelopes'>) => {
      sent.push(...envelopes.map((e) => e.msgid));
      const value = envelopes.map((e): DecryptResultDto =>
        e.msgid === 'm3'
          ? {
              msgid: e.msgid,
              status: 'sdk-crash',
              crashCount: 2,
              failure: { stage: 'sdk-crash', message: 'again' },
            }
          : { msgid: e.msgid, status: 'ok', raw: '{"msgid":"m4"}', header: header() },
      );
      return { ok: true as const, value };
    });
    const progress = await redecrypt(db, { decryptEnvelopes }, { corpId: 'corp-a' });
    expect(sent.sort()).toEqual(['m3', 'm4']);
    expect(progress).toMatchObject({ total: 2, succeeded: 1 });
    expect(await db.messages.get(['corp-a', 'm4'])).toMatchObject({ status: 'ok', raw: '{"msgid":"m4"}' });
    const still = await db.messages.get(['corp-a', 'm3']);
    expect(still).toMatchObject({ status: 'sdk-crash', crashCount: 5 });
    expect(still?.envelope).toEqual({ encryptRandomKey: 'rk3', encryptChatMsg: 'cm3' });
  });
});
