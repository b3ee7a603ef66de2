// The desktop app's printer: a hidden, sandboxed window that loads the report HTML from a
// temporary file (a year's register is megabytes, too long for a data: URL), waits for the
// embedded Sarabun faces (document.fonts.ready), then prints to PDF or opens the system print
// dialog. PDF windows are kept for the next chunk or report. Windows silent printing is unreliable, so the clerk always picks the printer.
import { app, BrowserWindow } from 'electron';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IdlePool } from '../reports/idlePool.js';
import type { PdfPrinter } from '../reports/pdfPrinter.js';
import { printWindowOptions } from '../shell/windowOptions.js';

export class ElectronPrinter implements PdfPrinter {
  readonly name = 'electron';
  private readonly windows = new Set<BrowserWindow>();
  private readonly idle = new IdlePool<BrowserWindow>(
    (win) => {
      if (!win.isDestroyed()) win.destroy();
    },
    (win) => !win.isDestroyed(),
  );

  private createWindow(): BrowserWindow {
    // No preload: this window has no way to the API. Scripts stay on only so that
    // executeJavaScript can wait for the fonts; the report itself carries none (its CSP meta
    // forbids them) and every register text in it is escaped. Its own partition, hardened
    // like every session in main.ts.
    const win = new BrowserWindow(printWindowOptions());
    this.windows.add(win);
    win.on('closed', () => this.windows.delete(win));
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('will-navigate', (event) => event.preventDefault());
    return win;
  }

  private async open<T>(html: string, reuse: boolean, use: (win: BrowserWindow) => Promise<T>): Promise<T> {
    const dir = join(app.getPath('temp'), 'saraban-print');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${randomUUID()}.html`);
    writeFileSync(file, html, 'utf8');
    const win = (reuse ? this.idle.take() : undefined) ?? this.createWindow();
    let ok = false;
    try {
      await win.loadFile(file);
      await win.webContents.executeJavaScript('document.fonts.ready.then(() => document.fonts.size)');
      const result = await use(win);
      ok = true;
      return result;
    } finally {
      // A window whose document failed is not trusted with the next one.
      if (ok && reuse) this.idle.give(win);
      else if (!win.isDestroyed()) win.destroy();
      rmSync(file, { force: true });
    }
  }

  pdf(html: string): Promise<Uint8Array> {
    return this.open(html, true, async (win) => {
      // The page size, margins and page numbers come from the report's @page rules.
      const data = await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true, generateDocumentOutline: false });
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    });
  }

  print(html: string): Promise<boolean> {
    return this.open(
      html,
      false,
      (win) =>
        new Promise<boolean>((resolve) => {
          win.webContents.print({ silent: false, printBackground: true }, (success) => resolve(success));
        }),
    );
  }

  async close(): Promise<void> {
    this.idle.clear();
    for (const win of this.windows) if (!win.isDestroyed()) win.destroy();
    this.windows.clear();
  }
}
