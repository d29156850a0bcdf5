import { describe, expect, it } from 'vitest';
import * as protocol from '../../../../native/host/protocol';

describe('message guards', () => {
  it('recognises requests, responses and events', () => {
    expect(protocol.isHostRequest({ id: 1, method: 'stats', params: {} })).toBe(true);
    expect(protocol.isHostRequest({ id: 1, method: 'dropTables', params: {} })).toBe(false);
    expect(protocol.isHostRequest({ id: '1', method: 'stats', params: {} })).toBe(false);
    expect(protocol.isHostRequest({ id: 1, method: 'stats' })).toBe(false);
    expect(protocol.isHostResponse({ id: 1, ok: true, result: {} })).toBe(true);
    expect(
      protocol.isHostResponse({
        id: 1,
        ok: false,
        error: { code: 'sdk-error', message: 'x', sdkCode: 10001 },
      }),
    ).toBe(true);
    expect(protocol.isHostResponse({ id: 1, ok: false })).toBe(false);
    expect(protocol.isHostEvent({ event: 'ready', protocolVersion: 1, pid: 2, transport: 'node-ipc' })).toBe(
      true,
    );
    expect(protocol.isHostEvent({ event: 'other' })).toBe(false);
  });
});

describe('checkRequestParams', () => {
  const chat = { seq: '0', limit: 100, proxy: '', passwd: '', timeout: 5 };

  it('accepts well-formed params of every method', () => {
    const valid: Record<(typeof protocol.HOST_METHODS)[number], Record<string, unknown>> = {
      load: { libraryPath: '/x.so', rsaBackend: 'auto' },
      init: { corpid: 'ww1', secret: 's', mediaHandles: 2 },
      getChatData: chat,
      decryptData: { encryptKey: 'k', encryptMsg: 'm' },
      getMediaChunk: { sdkfileid: 'f', indexbuf: '', proxy: '', passwd: '', timeout: 5 },
      mediaChunkToFile: {
        sdkfileid: 'f',
        indexbuf: '',
        proxy: '',
        passwd: '',
        timeout: 5,
        file: '/data/media/x.part',
        offset: 0,
      },
      decryptRandomKey: { privateKeyPem: 'p', encryptRandomKey: 'e' },
      pullPage: { ...chat, privateKeys: { 1: 'pem' } },
      decryptEnvelopes: {
        privateKeys: { 1: 'pem' },
        envelopes: [{ msgid: 'm', publickeyVer: 1, encryptRandomKey: 'e', encryptChatMsg: 'c' }],
      },
      stats: {},
      shutdown: {},
    };
    for (const method of protocol.HOST_METHODS)
      expect(protocol.checkRequestParams(method, valid[method]), method).toBeNull();
  });

  it('passes limits outside 1..1000 through, so the SDK answers 10000 itself', () => {
    expect(protocol.checkRequestParams('getChatData', { ...chat, limit: 0 })).toBeNull();
    expect(protocol.checkRequestParams('getChatData', { ...chat, limit: 1001 })).toBeNull();
    expect(protocol.checkRequestParams('getChatData', { ...chat, limit: -1 })).toMatch(/limit/);
    expect(protocol.checkRequestParams('getChatData', { ...chat, seq: 12 })).toMatch(/seq/);
    expect(protocol.checkRequestParams('getChatData', { ...chat, seq: '18446744073709551616' })).toMatch(
      /seq/,
    );
  });

  it('validates pullPage like getChatData plus its keys, naming no key', () => {
    const keys = { 1: 'PEM-SECRET' };
    expect(protocol.checkRequestParams('pullPage', { ...chat, privateKeys: keys })).toBeNull();
    expect(protocol.checkRequestParams('pullPage', { ...chat, seq: '-1', privateKeys: keys })).toMatch(/seq/);
    expect(protocol.checkRequestParams('pullPage', { ...chat, timeout: -1, privateKeys: keys })).toMatch(
      /timeout/,
    );
    expect(protocol.checkRequestParams('pullPage', chat)).toMatch(/privateKeys/);
    const tooBig = protocol.checkRequestParams('pullPage', {
      ...chat,
      privateKeys: { 4294967296: 'PEM-SECRET' },
    });
    expect(tooBig).toMatch(/u32/);
    expect(tooBig).not.toContain('PEM-SECRET');
    expect(protocol.checkRequestParams('pullPage', { ...chat, privateKeys: { 1: 7 } })).toMatch(/PEM/);
  });

  it('wants an absolute part file and a whole, non-negative offset for chunks written to disk', () => {
    const media = { sdkfileid: 'f', indexbuf: '', proxy: '', passwd: '', timeout: 5 };
    expect(protocol.checkRequestParams('mediaChunkToFile', { ...media, file: 'x.part', offset: 0 })).toMatch(
      /file/,
    );
    expect(protocol.checkRequestParams('mediaChunkToFile', { ...media, file: '/a\0b', offset: 0 })).toMatch(
      /file/,
    );
    expect(protocol.checkRequestParams('mediaChunkToFile', { ...media, file: '/a', offset: -1 })).toMatch(
      /offset/,
    );
    expect(protocol.checkRequestParams('mediaChunkToFile', { ...media, file: '/a', offset: 1.5 })).toMatch(
      /offset/,
    );
    expect(protocol.checkRequestParams('mediaChunkToFile', { ...media, offset: 0 })).toMatch(/file/);
  });

  it('names the field but never echoes a value', () => {
    const secret = 'TOP-SECRET-VALUE';
    const problems = [
      protocol.checkRequestParams('init', { corpid: 'ww1', secret: 42 }),
      protocol.checkRequestParams('decryptEnvelopes', { privateKeys: { one: secret }, envelopes: [] }),
      protocol.checkRequestParams('decryptEnvelopes', {
        privateKeys: { 1: secret },
        envelopes: [{ msgid: secret }],
      }),
      protocol.checkRequestParams('load', { libraryPath: '/x.so', rsaBackend: secret }),
    ];
    for (const problem of problems) {
      expect(problem).toBeTruthy();
      expect(problem).not.toContain(secret);
    }
  });
});
