import { SdkHostService } from './hostService';
import { HOST_PROTOCOL_VERSION, isHostRequest, type HostLogLevel, type HostToMainMessage } from './protocol';

/**
 * Entry of the SDK host process (bundled to build/out/host/sdk-host.cjs). The vendor SDK runs here,
 * isolated: a segfault kills only this process and main restarts it (docs/style.md §4, docs/wecom-sdk.md §1.5).
 *
 * Two transports, same protocol:
 * - Electron `utilityProcess`: `process.parentPort`, messages arrive as `{ data }`.
 * - Node `child_process.fork` with `serialization: 'advanced'` (so Uint8Array media chunks cross as
 *   binary): `process.send` / `process.on('message')`.
 */

/** The slice of Electron's ParentPort we use; the native project has no electron types. */
interface ElectronParentPort {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

interface Transport {
  kind: 'electron-parent-port' | 'node-ipc';
  send(message: HostToMainMessage, afterSent?: () => void): void;
  onMessage(listener: (message: unknown) => void): void;
}

function detectTransport(): Transport | null {
  const parentPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      kind: 'electron-parent-port',
      send: (message, afterSent) => {
        parentPort.postMessage(message);
        if (afterSent) setImmediate(afterSent);
      },
      onMessage: (listener) => parentPort.on('message', (messageEvent) => listener(messageEvent.data)),
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    return {
      kind: 'node-ipc',
      send: (message, afterSent) => {
        send(message, undefined, undefined, () => afterSent?.());
      },
      onMessage: (listener) => process.on('message', listener),
    };
  }
  return null;
}

function main(): void {
  const transport = detectTransport();
  if (!transport) {
    process.stderr.write(
      'sdk-host: no IPC channel; start it with utilityProcess.fork or child_process.fork\n',
    );
    process.exit(2);
  }
  const log = (level: HostLogLevel, message: string): void =>
    transport.send({ event: 'log', level, message });
  const service = new SdkHostService(log);

  transport.onMessage((message) => {
    if (!isHostRequest(message)) {
      log('warn', 'ignored a malformed request');
      return;
    }
    void service.handle(message).then((response) => {
      if (message.method === 'shutdown' && response.ok) {
        transport.send(response, () => process.exit(0));
      } else {
        transport.send(response);
      }
    });
  });

  // A fork whose parent went away has no one to answer; do not linger.
  process.on('disconnect', () => process.exit(0));
  // State after an unexpected JS error is unknown (a handle may be mid-call): die, main restarts us.
  // stderr as well as a log event, because the event may not be delivered before exit.
  const die = (what: string): void => {
    process.stderr.write(`sdk-host: ${what}\n`);
    log('error', what);
    process.exit(70);
  };
  process.on('uncaughtException', (error) => die(`uncaught exception: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) =>
    die(
      `unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
    ),
  );

  transport.send({
    event: 'ready',
    protocolVersion: HOST_PROTOCOL_VERSION,
    pid: process.pid,
    transport: transport.kind,
  });
}

main();
