import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import { HostCrashedError, HostTimeoutError } from '../../main/services/sdkHost/hostErrors';
import { chatRequest, FaultControl, loadAndInit, parseChatPage, paths, startHost } from './support';

/** A real SIGSEGV inside the SDK and a stuck native call: typed failures, restart, replayed load/init. */

describe('host crash recovery', () => {
  it('reports a SIGSEGV in GetChatData, fails the in-flight request, restarts and serves the next one', async () => {
    const faults = new FaultControl('segv');
    const onceFile = path.join(paths.scratchDir, `segv-once-${process.pid}`);
    const { client } = startHost({ env: faults.env, client: { restartPolicy: { initialDelayMs: 10 } } });
    try {
      await loadAndInit(client, TEST_CORPS.main);
      const before = parseChatPage((await client.getChatData(chatRequest('0', 5))).raw);
      const firstPid = client.pid;

      // The next network call in this process crashes; the once-file keeps the restarted host alive.
      faults.set({ segv_after: 1, segv_once_file: onceFile });
      const crashed = client.nextEvent('host-crashed');
      const restarted = client.nextEvent('host-started');
      const failure = await client.getChatData(chatRequest('0', 5)).catch((caught: unknown) => caught);

      expect(failure).toBeInstanceOf(HostCrashedError);
      expect(failure).toMatchObject({ method: 'getChatData', signal: 'SIGSEGV' });
      const event = await crashed;
      expect(event).toMatchObject({ type: 'host-crashed', signal: 'SIGSEGV', exitCode: null });
      expect(event.inFlight.map((request) => request.method)).toEqual(['getChatData']);
      expect(existsSync(onceFile)).toBe(true);

      expect((await restarted).replayed).toEqual(['load', 'init']);
      const after = parseChatPage((await client.getChatData(chatRequest('0', 5))).raw);
      // RSA PKCS#1 v1.5 padding is random, so each page carries freshly encrypted random keys.
      const withoutKey = (page: typeof before) =>
        page.envelopes.map(({ encryptRandomKey: _key, ...rest }) => rest);
      expect(withoutKey(after)).toEqual(withoutKey(before));
      expect(client.pid).not.toBe(firstPid);
    } finally {
      await client.close();
    }
  });

  it('a native call that outlives the client deadline fails with HostTimeoutError and the host is replaced', async () => {
    const faults = new FaultControl('stuck');
    const { client } = startHost({ env: faults.env, client: { restartPolicy: { initialDelayMs: 10 } } });
    try {
      await loadAndInit(client, TEST_CORPS.main);
      faults.set({ latency_ms: 20_000 });
      const timedOut = client.nextEvent('host-timeout');
      const restarted = client.nextEvent('host-started');
      await expect(client.getChatData(chatRequest('0', 5, 30), { timeoutMs: 500 })).rejects.toBeInstanceOf(
        HostTimeoutError,
      );
      expect(await timedOut).toMatchObject({ method: 'getChatData', timeoutMs: 500 });
      faults.clear();
      expect((await restarted).replayed).toEqual(['load', 'init']);
      expect(parseChatPage((await client.getChatData(chatRequest('0', 5))).raw).envelopes).toHaveLength(5);
    } finally {
      await client.close();
    }
  });
});
