import { BrowserWindow, session } from 'electron';
import type { Session, WebContents } from 'electron';
import type { ShellLog } from '../shell-common/jsonLog';
import { openExternalAfterConfirm } from './externalLinks';
import { isRendererUrl, RENDERER_ENTRY_URL } from './protocol';

/**
 * Deny by default (docs/style.md §7; Electron security checklist:
 * https://www.electronjs.org/docs/latest/tutorial/security). The window is sandboxed and isolated;
 * the only bridge is the preload's `window.archive`.
 */

/**
 * The two permissions the review UI uses, and only for our own page: copying message text
 * (`navigator.clipboard.writeText`) and the video player's fullscreen button. Both are harmless
 * (Chromium grants them to any focused page); everything else — camera, notifications,
 * geolocation, HID, `openExternal` — is refused.
 */
const permissionsForOurPage: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'fullscreen']);

/** Session-wide permission policy; call once on the default session when the app is ready. */
export function denyPermissionsByDefault(target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionsForOurPage.has(permission) && isRendererUrl(details.requestingUrl));
  });
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return permissionsForOurPage.has(permission) && isRendererUrl(requestingOrigin);
  });
  // WebHID/WebUSB/Web Serial device pickers: never.
  target.setDevicePermissionHandler(() => false);
}

/**
 * Applied to every WebContents the app creates (via `app.on('web-contents-created')`), so a window
 * added later cannot forget it: no navigation away from the app, no new windows, no <webview>.
 * http(s) links go to the system browser after the user confirms the full URL.
 */
export function hardenWebContents(contents: WebContents, log: ShellLog): void {
  const openOutside = (url: string) => {
    void openExternalAfterConfirm(url, BrowserWindow.fromWebContents(contents), log);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    // Reloads and in-app pages stay; anything else would leave the app, and a link click there is
    // a request to open it outside.
    if (isRendererUrl(event.url)) return;
    event.preventDefault();
    openOutside(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isRendererUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isRendererUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface MainWindowOptions {
  preloadScript: string;
  /** Packaged builds close DevTools; development keeps them (Ctrl+Shift+I). */
  allowDevTools: boolean;
}

/** Creates the main window without loading it, so IPC can be wired to its WebContents first. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    autoHideMenuBar: true,
    title: 'WeCom Archive Viewer',
    webPreferences: {
      preload: options.preloadScript,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.allowDevTools,
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

export function loadRenderer(window: BrowserWindow): Promise<void> {
  return window.loadURL(RENDERER_ENTRY_URL);
}
