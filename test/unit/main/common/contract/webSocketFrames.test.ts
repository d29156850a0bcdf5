import { describe, expect, it } from 'vitest';
import { parseCallFrame, parseFrame, parseServerFrame } from '../../../../../main/common/contract';

describe('the one frame parser of the /ipc WebSocket', () => {
  it('reads each of the three frame kinds exactly', () => {
    expect(parseFrame('{"kind":"call","id":0,"method":"listCorps","params":{}}')).toEqual({
      kind: 'call',
      id: 0,
      method: 'listCorps',
      params: {},
    });
    expect(parseFrame('{"kind":"result","id":7,"result":{"ok":true,"value":null}}')).toEqual({
      kind: 'result',
      id: 7,
      result: { ok: true, value: null },
    });
    expect(
      parseFrame('{"kind":"result","id":8,"result":{"ok":false,"error":{"code":"internal","message":"x"}}}'),
    ).toEqual({ kind: 'result', id: 8, result: { ok: false, error: { code: 'internal', message: 'x' } } });
    expect(parseFrame('{"kind":"event","event":{"type":"corps-changed"}}')).toEqual({
      kind: 'event',
      event: { type: 'corps-changed' },
    });
  });

  it('drops extra fields of a call instead of passing them on', () => {
    expect(parseFrame('{"kind":"call","id":1,"method":"m","params":2,"extra":true}')).toEqual({
      kind: 'call',
      id: 1,
      method: 'm',
      params: 2,
    });
  });

  it.each([
    ['not JSON', '{kind:'],
    ['a JSON array', '[{"kind":"call","id":1,"method":"m"}]'],
    ['null', 'null'],
    ['an unknown kind', '{"kind":"ping","id":1}'],
    ['a negative id', '{"kind":"call","id":-1,"method":"m"}'],
    ['a fractional id', '{"kind":"call","id":1.5,"method":"m"}'],
    ['an unsafe id', '{"kind":"call","id":9007199254740993,"method":"m"}'],
    ['a string id', '{"kind":"result","id":"1","result":{"ok":true,"value":1}}'],
    ['a method that is not a string', '{"kind":"call","id":1,"method":5}'],
    ['a result without value', '{"kind":"result","id":1,"result":{"ok":true}}'],
    ['a result with ok neither true nor false', '{"kind":"result","id":1,"result":{"ok":1,"value":1}}'],
    ['an error without code', '{"kind":"result","id":1,"result":{"ok":false,"error":{"message":"m"}}}'],
    ['an error that is a string', '{"kind":"result","id":1,"result":{"ok":false,"error":"boom"}}'],
    ['an event without type', '{"kind":"event","event":{}}'],
    ['an event that is an array', '{"kind":"event","event":["type"]}'],
  ])('refuses %s', (_name, text) => {
    expect(parseFrame(text)).toBeNull();
  });

  it('gives the shell only calls and the renderer only server frames', () => {
    const call = '{"kind":"call","id":1,"method":"listCorps","params":null}';
    const event = '{"kind":"event","event":{"type":"corps-changed"}}';
    expect(parseCallFrame(call)?.kind).toBe('call');
    expect(parseCallFrame(event)).toBeNull();
    expect(parseServerFrame(event)?.kind).toBe('event');
    expect(parseServerFrame(call)).toBeNull();
  });
});
