import type { HostRequest } from '../../../native/host/protocol';

/**
 * How the SDK host process is started. `createNodeHostLauncher` (child_process.fork) serves tests and
 * the browser shell; the Electron shell supplies a `utilityProcess` launcher with the same shape.
 */

export interface HostLaunchOptions {
  args?: string[];
  /** Extra environment for the host (e.g. the stand-in's WEWORK_STANDIN_DATA / _FAULTS). */
  env?: Record<string, string>;
}

export interface HostExit {
  code: number | null;
  /** e.g. 'SIGSEGV'; null on a normal exit or when the runtime does not report it (utilityProcess). */
  signal: string | null;
}

export interface HostProcess {
  readonly pid: number | undefined;
  /** Never throws: a message to a dead process is dropped (its exit is reported separately). */
  send(message: HostRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once per listener, also when the process failed to spawn or had already exited. */
  onExit(listener: (exit: HostExit) => void): void;
  /** Forced termination; a clean stop goes through the `shutdown` request instead. */
  kill(): void;
}

export interface HostLauncher {
  launch(options: HostLaunchOptions): HostProcess;
}

/** What a launcher does with its own child; `trackHostProcess` adds the exit bookkeeping. */
export interface HostChildIo {
  pid(): number | undefined;
  send(message: HostRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  kill(): void;
}

/**
 * The HostProcess both launchers (child_process.fork, Electron's utilityProcess) build around their
 * child: `reportExit` reports the exit once, to every listener — one added after the exit hears it at
 * once — and `send` / `kill` are dropped after it.
 */
export function trackHostProcess(io: HostChildIo): {
  process: HostProcess;
  reportExit(exit: HostExit): void;
} {
  const exitListeners: Array<(exit: HostExit) => void> = [];
  let exited: HostExit | null = null;
  return {
    reportExit(exit) {
      if (exited) return;
      exited = exit;
      for (const listener of exitListeners.splice(0)) listener(exit);
    },
    process: {
      get pid() {
        return io.pid();
      },
      send(message) {
        if (!exited) io.send(message);
      },
      onMessage(listener) {
        io.onMessage(listener);
      },
      onExit(listener) {
        if (exited) listener(exited);
        else exitListeners.push(listener);
      },
      kill() {
        if (!exited) io.kill();
      },
    },
  };
}
