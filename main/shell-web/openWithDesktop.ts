import { spawn } from 'node:child_process';

/**
 * "Open with the system application" in the browser shell: `xdg-open` (freedesktop), detached so the
 * viewer outlives nothing of ours. The file is a copy under the media folder with a sanitised name.
 */
export function openWithDesktop(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('xdg-open', [file], { detached: true, stdio: 'ignore' });
    child.once('error', (error) => reject(new Error(`xdg-open could not start: ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
