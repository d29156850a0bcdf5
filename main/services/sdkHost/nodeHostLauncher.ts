import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import { minimalHostEnvironment } from './hostEnvironment';
import { trackHostProcess } from './hostLauncher';
import type { HostLauncher, HostProcess } from './hostLauncher';

export type HostOutputLogger = (stream: 'stdout' | 'stderr', line: string) => void;

export interface NodeHostLauncherOptions {
  /** The bundled host entry, build/out/host/sdk-host.cjs (see `resolveHostEntry`). */
  hostBundle: string;
  /**
   * Environment the host's is taken from (defaults to this process's), filtered to what the host
   * needs (hostEnvironment.ts); per-launch `env` is merged over it.
   */
  env?: NodeJS.ProcessEnv;
  /** Extra Node flags after the ones the host needs. */
  execArgv?: readonly string[];
  /** Receives the host's stdout/stderr line by line; discarded when absent. */
  output?: HostOutputLogger;
}

/**
 * Node 20 refuses RSA PKCS#1 v1.5 private decryption (CVE-2023-46809, nodejs/node #51799) unless
 * started with this flag, which NODE_OPTIONS does not accept — so it goes on the command line.
 * Without it the host still works, falling back to libcrypto through koffi.
 */
export const NODE_HOST_EXEC_ARGV: readonly string[] = ['--security-revert=CVE-2023-46809'];

/** Starts the SDK host with `child_process.fork` (the browser shell and tests). */
export function createNodeHostLauncher(options: NodeHostLauncherOptions): HostLauncher {
  return {
    launch(launchOptions): HostProcess {
      const child = fork(options.hostBundle, launchOptions.args ?? [], {
        // Structured clone instead of JSON: Uint8Array media chunks cross as binary.
        serialization: 'advanced',
        execArgv: [...NODE_HOST_EXEC_ARGV, ...(options.execArgv ?? [])],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        env: minimalHostEnvironment(options.env ?? process.env, launchOptions.env),
      });
      const output = options.output;
      for (const stream of ['stdout', 'stderr'] as const) {
        const readable = child[stream];
        if (!readable) continue;
        if (output) createInterface({ input: readable }).on('line', (line) => output(stream, line));
        else readable.resume();
      }

      const { process: host, reportExit } = trackHostProcess({
        pid: () => child.pid,
        send(message) {
          if (!child.connected) return;
          child.send(message, (error) => {
            if (error) output?.('stderr', `sdk host launcher: send failed: ${error.message}`);
          });
        },
        onMessage: (listener) => child.on('message', listener),
        kill: () => child.kill('SIGKILL'),
      });
      child.on('exit', (code, signal) => reportExit({ code, signal }));
      // 'error' without 'exit' happens when the spawn itself failed.
      child.on('error', (error) => {
        output?.('stderr', `sdk host launcher: ${error.message}`);
        if (child.pid === undefined) reportExit({ code: null, signal: null });
      });
      return host;
    },
  };
}
