import { utilityProcess } from 'electron';
import type { UtilityProcess } from 'electron';
import { trackHostProcess } from '../services/sdkHost/hostLauncher';
import type { HostLauncher } from '../services/sdkHost/hostLauncher';
import { minimalHostEnvironment } from '../services/sdkHost/hostEnvironment';
import type { ShellLog } from '../shell-common/jsonLog';

/**
 * Starts the SDK host with Electron's `utilityProcess` (docs/style.md §4; VS Code `utilityProcess.ts`):
 * a Node child that Electron manages, that shows up in `app.getAppMetrics()`, and whose crash
 * (`child-process-gone`) does not take main down. The Node shell's launcher uses
 * `child_process.fork`; both implement the same HostLauncher.
 *
 * In the child, messages arrive on `process.parentPort` (event.data) and leave with
 * `process.parentPort.postMessage`, instead of `process.on('message')`/`process.send`
 * (https://www.electronjs.org/docs/latest/api/utility-process). Messages are structured-cloned, like
 * fork() with `serialization: 'advanced'`, so Uint8Array media chunks cross as binary in both shells.
 */
export const SDK_HOST_SERVICE_NAME = 'WeCom SDK host';

export interface UtilityHostLauncherOptions {
  /** build/out/host/sdk-host.cjs, inside app.asar when packaged (utilityProcess reads asar). */
  hostBundle: string;
  log: ShellLog;
}

/** Host stdout/stderr, line by line, into main's log (the host never prints secrets). */
function forwardOutput(child: UtilityProcess, log: ShellLog): void {
  for (const [stream, level] of [
    [child.stdout, 'info'],
    [child.stderr, 'warn'],
  ] as const) {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) log(level, 'sdk host', { pid: child.pid, line });
    });
  }
}

export function createUtilityHostLauncher({ hostBundle, log }: UtilityHostLauncherOptions): HostLauncher {
  return {
    launch(options) {
      const child = utilityProcess.fork(hostBundle, options.args ?? [], {
        serviceName: SDK_HOST_SERVICE_NAME,
        stdio: 'pipe',
        env: minimalHostEnvironment(process.env, options.env),
      });
      forwardOutput(child, log);
      const { process: host, reportExit } = trackHostProcess({
        pid: () => child.pid,
        send: (message) => child.postMessage(message),
        onMessage: (listener) => child.on('message', listener),
        kill: () => child.kill(),
      });
      // utilityProcess reports only a code; a crash shows as a non-zero code, the signal is not
      // exposed (the pool still treats it as a crash and restarts the host).
      child.on('exit', (code) => reportExit({ code, signal: null }));
      return host;
    },
  };
}
