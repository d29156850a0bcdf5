import type { ShellKind } from '../../../../main/contract';

/** http(s) only: `javascript:`, `file:`, `smb:` and custom handlers are never opened. */
export function safeHttpUrl(candidate: string): URL | null {
  try {
    const url = new URL(candidate.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Who asks before a link from an archived message is opened: exactly one dialog, always showing the
 * full URL. In Electron, `window.open` reaches main's `openExternalAfterConfirm`
 * (main/shell-electron/externalLinks.ts), which re-checks the scheme and asks, so an http(s) URL goes
 * straight there. The browser shell has no such gate, so the renderer asks. A refused URL is
 * explained by the renderer in both shells. While the shell is unknown (app info not loaded yet) the
 * renderer asks too: at worst twice, never not at all.
 */
export function linkConfirmation(url: string, shell: ShellKind | null): 'main' | 'renderer' {
  return shell === 'electron' && safeHttpUrl(url) !== null ? 'main' : 'renderer';
}
