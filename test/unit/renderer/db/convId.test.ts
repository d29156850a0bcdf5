import { describe, expect, it } from 'vitest';
import { conversationId, conversationKind, conversationLabel } from '../../../../renderer/db';
import { header, missingKeyMessage, okMessage, storedArchive } from '../fixtures';

describe('conversationId', () => {
  it('groups a group chat by room', () => {
    expect(conversationId(header({ roomid: 'wrGroup1', tolist: ['a', 'b'] }))).toBe('g:wrGroup1');
  });

  it('gives both directions of a single chat the same id', () => {
    const there = conversationId(header({ from: 'zhangsan', tolist: ['wmCustomer'] }));
    const back = conversationId(header({ from: 'wmCustomer', tolist: ['zhangsan'] }));
    expect(there).toBe('s:wmCustomer|zhangsan');
    expect(back).toBe(there);
  });

  it('puts switch records under the user who switched', () => {
    expect(conversationId(header({ action: 'switch', msgtype: 'switch', from: 'lisi', tolist: [] }))).toBe(
      'sys:lisi',
    );
  });

  it('falls back to a system conversation when there is no counterpart', () => {
    expect(conversationId(header({ from: 'robot', tolist: [], roomid: '' }))).toBe('sys:robot');
  });

  it('names kinds and labels', () => {
    expect(conversationKind('g:wr1')).toBe('group');
    expect(conversationKind('s:a|b')).toBe('single');
    expect(conversationKind('sys:a')).toBe('system');
    expect(conversationLabel('s:a|b')).toBe('a ↔ b');
  });

  it('is stored with each decrypted row, and absent on encrypted ones', async () => {
    const db = await storedArchive('corp-a', '2', [
      okMessage(1, 'm1', { roomid: 'wrRoom' }),
      missingKeyMessage(2),
    ]);
    expect((await db.messages.get(['corp-a', 'm1']))?.convId).toBe('g:wrRoom');
    expect((await db.messages.get(['corp-a', 'm2']))?.convId).toBeUndefined();
  });
});
