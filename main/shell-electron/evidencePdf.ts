import { writeFile } from 'node:fs/promises';
import { BrowserWindow, session } from 'electron';
import type { PdfPrinter } from '../services/evidence/bundleWriter';
import { escapeHtml } from '../services/evidence/htmlCards';

/** A partition of its own: only file: URLs load (the bundle and its media), nothing from the network. */
const PARTITION = 'evidence-pdf';

/**
 * report.pdf in Electron (issue 13): index.html in a hidden, sandboxed window without JavaScript, printed
 * with `webContents.printToPDF` (page numbers, export id and bundle hash in the footer).
 */
export function electronPdfPrinter(): PdfPrinter {
  return {
    async print(htmlFile, pdfFile, footer, signal) {
      const pdfSession = session.fromPartition(PARTITION);
      pdfSession.webRequest.onBeforeRequest((details, callback) =>
        callback({ cancel: !details.url.startsWith('file:') }),
      );
      const window = new BrowserWindow({
        show: false,
        webPreferences: { javascript: false, sandbox: true, contextIsolation: true, partition: PARTITION },
      });
      const close = () => window.destroy();
      signal.addEventListener('abort', close, { once: true });
      try {
        await window.loadFile(htmlFile);
        const pdf = await window.webContents.printToPDF({
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate:
            `<div style="font-size:7px;width:100%;padding:0 24px;display:flex;justify-content:space-between">` +
            `<span>${escapeHtml(footer)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
          margins: { top: 0.5, bottom: 0.6, left: 0.5, right: 0.5 },
        });
        await writeFile(pdfFile, pdf, { flag: 'wx' });
      } finally {
        signal.removeEventListener('abort', close);
        if (!window.isDestroyed()) window.destroy();
      }
    },
  };
}
