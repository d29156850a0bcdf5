import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { channelOf, EVENT_CHANNEL, fail, methodNames } from '../contract';
import type { Result } from '../contract';
import type { ArchiveService } from '../services/archiveService.types';
import { dispatchCall } from '../shell-common/dispatchCall';
import type { ShellLog } from '../shell-common/jsonLog';
import { isRendererUrl } from './protocol';

/**
 * The contract's verbs on `ipcMain.handle`, one channel per verb (docs/style.md §3). Arguments are passed
 * through unparsed: the service parses them with the contract's zod schemas and answers envelopes.
 */

/**
 * Only our window's top frame, showing our own page, may call (VS Code `ipcMain.ts` validateEvent).
 * An iframe, a page that navigated elsewhere, or any other WebContents is refused.
 * `senderFrame` is null once the frame navigated or was destroyed
 * (https://www.electronjs.org/docs/latest/api/structures/ipc-main-invoke-event).
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  trusted: Pick<WebContents, 'id'>,
): boolean {
  const frame = event.senderFrame;
  if (event.sender.id !== trusted.id || frame === null) return false;
  return frame.parent === null && isRendererUrl(frame.url);
}

export interface ArchiveIpcOptions {
  service: ArchiveService;
  /** The main window's WebContents: the only renderer allowed to call and the one events go to. */
  contents: WebContents;
  log: ShellLog;
}

/** Registers every verb, event forwarding and the reload → `rendererReset` rule. Returns the undo. */
export function registerArchiveIpc({ service, contents, log }: ArchiveIpcOptions): () => void {
  for (const method of methodNames) {
    ipcMain.handle(channelOf(method), (event, params: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, contents)) {
        log('warn', 'ipc call refused: foreign sender', {
          method,
          senderUrl: event.senderFrame?.url.slice(0, 200) ?? null,
        });
        return Promise.resolve(
          fail({ code: 'forbidden-sender', message: `${method} is only answered for the app's own page` }),
        );
      }
      return dispatchCall(service, method, params, log);
    });
  }

  const unsubscribe = service.onEvent((event) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  });

  // The first document is the initial load; every later cross-document main-frame navigation
  // (reload, Ctrl+R) and every renderer crash leaves in-flight pulls without their consumer.
  let documentsStarted = 0;
  const onNavigationStart = (details: { isMainFrame: boolean; isSameDocument: boolean }) => {
    if (!details.isMainFrame || details.isSameDocument) return;
    documentsStarted += 1;
    if (documentsStarted > 1) service.rendererReset();
  };
  const onRendererGone = () => service.rendererReset();
  contents.on('did-start-navigation', onNavigationStart);
  contents.on('render-process-gone', onRendererGone);

  return () => {
    for (const method of methodNames) ipcMain.removeHandler(channelOf(method));
    unsubscribe();
    if (!contents.isDestroyed()) {
      contents.off('did-start-navigation', onNavigationStart);
      contents.off('render-process-gone', onRendererGone);
    }
  };
}
