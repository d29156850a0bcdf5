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
