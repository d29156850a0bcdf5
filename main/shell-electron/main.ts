import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, Notification, shell } from 'electron';
import type { BrowserWindow } from 'electron';
import { createArchiveService } from '../services/archiveService';
import type { ArchiveService } from '../services/archiveService.types';
import { createFileSecretStore } from '../services/config/secretStore';
import { createJsonLog } from '../shell-common/jsonLog';
import { applyChromiumSwitches } from './chromiumSwitches';
import { electronPdfPrinter } from './evidencePdf';
import { registerArchiveIpc } from './ipc';
import { createNativeConfirmations } from './nativeConfirmations';
import { resolveAppPaths } from './paths';
import {
  handleAppProtocols,
  handleMediaProtocol,
  MEDIA_URL_PREFIX,
  registerPrivilegedSchemes,
} from './protocol';
import { createSafeStorageCipher, keyringStatus } from './safeStorageCipher';
import { createUtilityHostLauncher } from './utilityHostLauncher';
import { createMainWindow, denyPermissionsByDefault, hardenWebContents, loadRenderer } from './window';

/**
 * The Electron shell: lifecycle, one hardened window, the app scheme, IPC, and the services wired
 * with Electron's pieces (safeStorage for secrets, utilityProcess for the SDK host).
 */
const log = createJsonLog();

/** Electron (since 41) derives the X11 WM_CLASS and the Wayland app_id from this (electron/electron#51424);
 * it matches the AppImage's desktop entry (electron-builder.yml `StartupWMClass`). */
const DESKTOP_NAME = 'wecom-archive-viewer.desktop';
/** How long quitting waits for the service to stop pulls and SDK hosts. */
const CLOSE_TIMEOUT_MS = 5_000;

// Everything up to `whenReady` must happen before the app is ready.
if (process.platform === 'linux') app.setDesktopName(DESKTOP_NAME);
// Tests and side-by-side profiles: the same variable the browser shell reads.
if (process.env.WECOM_ARCHIVE_DATA_DIR)
  app.setPath('userData', path.resolve(process.env.WECOM_ARCHIVE_DATA_DIR));
registerPrivilegedSchemes();
applyChromiumSwitches(app);
// Every renderer sandboxed, whatever a future window forgets to say
// (https://www.electronjs.org/docs/latest/tutorial/sandbox#enabling-the-sandbox-globally).
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second launch focuses the first window (see 'second-instance') instead of opening a second
  // consumer of the same pulls and secrets file.
  log('info', 'another instance is running; handing over to it');
  app.quit();
} else {
  start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log('error', 'start-up failed', { error: message });
    dialog.showErrorBox('WeCom Archive Viewer', `The app could not start:\n\n${message}`);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  const paths = resolveAppPaths();
  handleAppProtocols(paths.rendererDir, log);
  denyPermissionsByDefault();

  if (!existsSync(path.join(paths.rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${paths.rendererDir} has no index.html). Run: npm run build`);
  }

  const dataDir = app.getPath('userData');
  const keyring = keyringStatus();
  if (!keyring.usable) {
    log('warn', 'no usable OS keyring: secrets are kept in a 0600 file, as in the browser shell', {
      reason: keyring.reason,
      hint: 'on a desktop with a keyring, start with --password-store=gnome-libsecret (or kwallet6)',
    });
  }
  const service = createArchiveService({
    shell: 'electron',
    version: app.getVersion(),
    dataDir,
    secretStore: createFileSecretStore({
      file: path.join(dataDir, 'secrets.json'),
      kind: keyring.usable ? 'safeStorage' : 'file-0600',
      cipher: createSafeStorageCipher(keyring),
    }),
    hostLauncher: createUtilityHostLauncher({ hostBundle: paths.hostBundle, log }),
    demo: paths.demo,
    log,
    mediaUrlPrefix: MEDIA_URL_PREFIX,
    pdfPrinter: electronPdfPrinter(),
    // Library choice and open-with are confirmed by main's own dialogs, never by the renderer.
    confirmations: createNativeConfirmations(() => mainWindow),
    // Retention risk reaches the desktop even when the window is hidden (issue 14).
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    openPath: async (file) => {
      // A copy with a sanitised name in a folder of ours; the user confirmed in main's dialog.
      const problem = await shell.openPath(file);
      if (problem) throw new Error(problem);
    },
  });
  handleMediaProtocol(service.resolveMedia?.bind(service));
  closeServiceBeforeQuit(service);

  const window = createMainWindow({ preloadScript: paths.preloadScript, allowDevTools: !app.isPackaged });
  mainWindow = window;
  // IPC first, then load: the renderer's first call must find its handler.
  const unregisterIpc = registerArchiveIpc({ service, contents: window.webContents, log });
  window.on('closed', () => {
    unregisterIpc();
    mainWindow = null;
  });
  await loadRenderer(window);
  log('info', 'window loaded', { demoAvailable: paths.demo !== null, keyring: keyring.usable });
}

/** Quitting waits (bounded) for pulls to stop and SDK hosts to exit, then quits for real. */
function closeServiceBeforeQuit(service: ArchiveService): void {
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
    Promise.race([service.close(), timeout])
      .catch((error: unknown) => log('warn', 'service close failed', { error: String(error) }))
      .finally(() => app.quit());
  });
}
