import { app, dialog, shell } from 'electron';
import type { BrowserWindow, MessageBoxOptions } from 'electron';
import type { ShellLog } from '../shell-common/jsonLog';

/**
 * The only `shell.openExternal` in the app (ESLint enforces it). Archived chats contain links from
 * customers; a click must never launch a handler silently, so the user sees the full URL and
 * confirms first (Electron security checklist #15: https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content).
 */

/** http(s) URLs only: `file:`, `smb:`, `javascript:` and custom handlers are never opened. */
export function parseExternalUrl(candidate: string): URL | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const texts = {
  zh: {
    title: '打开外部链接',
    message: '要在浏览器中打开此链接吗？',
    detail: '请确认地址可信：',
    buttons: ['取消', '在浏览器中打开'],
  },
  en: {
    title: 'Open external link',
    message: 'Open this link in your web browser?',
    detail: 'Check that you trust this address:',
    buttons: ['Cancel', 'Open in browser'],
  },
} as const;

/** One dialog at a time: a page that fires many window.open calls gets one question, not a storm. */
let dialogOpen = false;

/** Asks, then opens. Resolves true when the URL was handed to the system browser. */
export async function openExternalAfterConfirm(
  candidate: string,
  parent: BrowserWindow | null,
  log: ShellLog,
): Promise<boolean> {
  const url = parseExternalUrl(candidate);
  if (url === null) {
    log('warn', 'refused to open a non-http(s) link', { scheme: candidate.split(':', 1)[0]?.slice(0, 20) });
    return false;
  }
  if (dialogOpen) return false;
  dialogOpen = true;
  try {
    const text = app.getLocale().startsWith('zh') ? texts.zh : texts.en;
    const options: MessageBoxOptions = {
      type: 'question',
      title: text.title,
      message: text.message,
      // The full, normalised URL: punycode hosts and every path/query character are visible.
      detail: `${text.detail}\n\n${url.href}`,
      buttons: [...text.buttons],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const { response } = parent
      ? await dialog.showMessageBox(parent, options)
      : await dialog.showMessageBox(options);
    if (response !== 1) return false;
    await shell.openExternal(url.href);
    return true;
  } finally {
    dialogOpen = false;
  }
}
