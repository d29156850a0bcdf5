import type { ArchiveEvent, MethodName, MethodResults, Result } from '../contract';
import type { ConfirmedLibrary } from './config/libraryTrust';
import type { PdfPrinter } from './evidence/bundleWriter';
import type { SecretStore } from './config/secretStore';
import type { ResolvedMedia } from './media/mediaTokens';
import type { HostLauncher } from './sdkHost/hostLauncher';

/**
 * The shell-agnostic core (docs/style.md §8). Both shells — Electron (ipcMain + preload) and the browser
 * shell (loopback WebSocket) — only parse transport frames, check the sender and forward here.
 * `params` is unvalidated input: the service parses it with the contract's zod schema.
 */
export interface ArchiveService {
  handle<M extends MethodName>(method: M, params: unknown): Promise<Result<MethodResults[M]>>;
  /** Events for the renderer; returns the unsubscribe function. */
  onEvent(listener: (event: ArchiveEvent) => void): () => void;
  /** A renderer (re)connected or reloaded: in-flight pulls lose their consumer and are stopped. */
  rendererReset(): void;
  /** The file behind an opaque media URL token, for the shells' media routes (null: 404). */
  resolveMedia?(token: string): Promise<ResolvedMedia | null>;
  close(): Promise<void>;
}

/** What the user is asked before a file from the archive is opened by the desktop. */
export interface OpenConfirmation {
  /** The copy's name with bidi/invisible characters written out as `<U+202E>`. */
  displayName: string;
  /** The extension after the last dot ('' none, 'ELF' / 'script (#!)' detected by content). */
  fileType: string;
  /** An executable or script type: a second, explicit confirmation is needed. */
  dangerous: boolean;
}

/**
 * Confirmations shown by the shell's own process, never by the renderer (a compromised renderer
 * cannot click them). Electron: native dialogs. Browser shell: a one-time code printed in its terminal
 * for the library; open-with goes through a nonce bound to the file (`confirmOpenMedia`).
 */
export type ShellConfirmations =
  | {
      kind: 'native';
      /** The native open dialog; null when cancelled. `suggested` only picks the starting folder. */
      chooseLibraryFile(suggested: string | undefined): Promise<string | null>;
      /** The native confirmation showing the path and SHA-256. */
      confirmLibrary(library: ConfirmedLibrary): Promise<boolean>;
      /** The native confirmation for open-with; dangerous types ask a second time. */
      confirmOpen(file: OpenConfirmation): Promise<boolean>;
    }
  | {
      kind: 'terminal';
      /** Writes one line to the terminal the shell was started from (stdout, not the JSON log). */
      print(line: string): void;
    };

/** What a shell supplies to build the service. */
export interface ArchiveServiceDeps {
  shell: 'electron' | 'web';
  version: string;
  dataDir: string;
  secretStore: SecretStore;
  /** Starts SDK host processes (child_process.fork in Node, utilityProcess in Electron). */
  hostLauncher: HostLauncher;
  /** Bundled stand-in library and demo corpus, when shipped. */
  demo: { libraryPath: string; corpusDir: string } | null;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** Prefix of media URLs the shell serves: `media://m/` (Electron scheme) or `/media/` (default). */
  mediaUrlPrefix?: string;
  /** Opens a file with the desktop's default application (Electron shell.openPath, xdg-open). */
  openPath?: (file: string) => Promise<void>;
  /** An OS notification (Electron `Notification`); without it the renderer uses the Web Notification API. */
  notify?: (title: string, body: string) => void;
  /** Defaults to the terminal kind printing on this process's stdout (the browser shell). */
  confirmations?: ShellConfirmations;
  /** Prints an evidence bundle's report.pdf (Electron webContents.printToPDF, headless Chromium); none: no PDF. */
  pdfPrinter?: PdfPrinter;
}
