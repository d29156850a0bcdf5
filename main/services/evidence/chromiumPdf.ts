import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import type { PdfPrinter } from './bundleWriter';
import { escapeHtml } from './htmlCards';

/**
 * report.pdf in the browser shell (issue 13): a headless Chromium of its own (temporary profile) driven
 * over the DevTools protocol on a pipe (`--remote-debugging-pipe`, NUL-separated JSON), so the footer
 * carries page numbers, the export id and the bundle hash (`Page.printToPDF` templates; the command-line
 * `--print-to-pdf` cannot). Fonts are the system's (CJK embedded by Chromium's PDF backend). The Electron
 * shell prints with `webContents.printToPDF` instead.
 */
export function chromiumPdfPrinter(browser: string): PdfPrinter {
  return {
    async print(htmlFile, pdfFile, footer, signal) {
      const profile = await mkdtemp(path.join(os.tmpdir(), 'evidence-pdf-'));
      const runningAsRoot = process.getuid?.() === 0;
      const child = spawn(
        browser,
        [
          '--headless',
          '--remote-debugging-pipe',
          `--user-data-dir=${profile}`,
          '--no-first-run',
          '--no-default-browser-check',
          '--disable-gpu',
          '--disable-extensions',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          ...(runningAsRoot ? ['--no-sandbox'] : []),
          'about:blank',
        ],
        { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
      );
      const kill = () => child.kill('SIGKILL');
      signal.addEventListener('abort', kill, { once: true });
      try {
        const cdp = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
        const exited = once(child, 'exit').then(() => {
          throw new Error('Chromium exited while printing the PDF.');
        });
        const run = async () => {
          const { targetId } = (await cdp.send('Target.createTarget', { url: 'about:blank' })) as {
            targetId: string;
          };
          const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as {
            sessionId: string;
          };
          await cdp.send('Page.enable', {}, sessionId);
          const loaded = cdp.waitFor('Page.loadEventFired', sessionId);
          await cdp.send('Page.navigate', { url: pathToFileURL(htmlFile).href }, sessionId);
          await loaded;
          const { stream } = (await cdp.send(
            'Page.printToPDF',
            {
              printBackground: true,
              displayHeaderFooter: true,
              headerTemplate: '<span></span>',
              footerTemplate:
                `<div style="font-size:7px;width:100%;padding:0 24px;font-family:'WenQuanYi Micro Hei',sans-serif;` +
                `display:flex;justify-content:space-between"><span>${escapeHtml(footer)}</span>` +
                `<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
              marginTop: 0.5,
              marginBottom: 0.6,
              marginLeft: 0.5,
              marginRight: 0.5,
              transferMode: 'ReturnAsStream',
            },
            sessionId,
          )) as { stream: string };
          const out = createWriteStream(pdfFile, { flags: 'wx' });
          for (;;) {
            const piece = (await cdp.send('IO.read', { handle: stream, size: 1 << 20 }, sessionId)) as {
              data: string;
              base64Encoded?: boolean;
              eof: boolean;
            };
            if (piece.data) out.write(Buffer.from(piece.data, piece.base64Encoded ? 'base64' : 'utf8'));
            if (piece.eof) break;
          }
          out.end();
          await once(out, 'finish');
          await cdp.send('IO.close', { handle: stream }, sessionId);
          await cdp.send('Browser.close', {}).catch(() => undefined);
        };
        await Promise.race([run(), exited]);
      } finally {
        signal.removeEventListener('abort', kill);
        if (child.exitCode === null) kill();
        await rm(profile, { recursive: true, force: true }).catch(() => undefined);
      }
      if (signal.aborted) throw new Error('cancelled');
    },
  };
}

/** The DevTools protocol over Chromium's debugging pipe: commands by id, events by method. */
class CdpPipe {
  private nextId = 1;
  private buffered = '';
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly waiters: Array<{ method: string; sessionId: string | undefined; resolve(): void }> = [];

  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.receive(chunk));
    output.on('error', () => undefined);
    input.on('error', () => undefined);
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let end = this.buffered.indexOf('\0');
    while (end >= 0) {
      const text = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 1);
      end = this.buffered.indexOf('\0');
      const message = JSON.parse(text) as {
        id?: number;
        method?: string;
        sessionId?: string;
        result?: unknown;
        error?: { message: string };
      };
      if (message.id !== undefined) {
        const call = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) call?.reject(new Error(`Chromium: ${message.error.message}`));
        else call?.resolve(message.result);
      } else if (message.method) {
        for (let i = this.waiters.length - 1; i >= 0; i -= 1) {
          const waiter = this.waiters[i];
          if (waiter && waiter.method === message.method && waiter.sessionId === message.sessionId) {
            this.waiters.splice(i, 1);
            waiter.resolve();
          }
        }
      }
    }
  }

  send(method: string, params: object, sessionId?: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  waitFor(method: string, sessionId: string | undefined): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ method, sessionId, resolve }));
  }
}
