// Headless Chromium for PDFs outside Electron: Debian's /usr/bin/chromium driven by
// playwright-core (never a downloaded browser). One launcher for the printer, the tests and
// the browser host, with the same flags everywhere.
import { chromium, type Browser, type Page } from 'playwright-core';
import { IdlePool } from './idlePool.js';
import type { PdfPrinter } from './pdfPrinter.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

/**
 * Launches Chromium on first use and keeps it for the next report; close() ends it. Pages are
 * reused from one document to the next: a new context costs about 0.6 s of CPU in Chromium's
 * headless mode (each window starts a renderer for its own toolbar), more than printing 400
 * rows. Reuse leaks nothing: scripts are off, the page is offline, and setContent replaces the
 * whole document, which carries its fonts and images as data: URLs.
 */
export class ChromiumPrinter implements PdfPrinter {
  readonly name = 'chromium';
  private browser: Promise<Browser> | null = null;
  private closed = false;
  private readonly idle = new IdlePool<Page>(
    (page) => void page.context().close().catch(() => undefined),
    (page) => !page.isClosed(),
  );

  private async open(): Promise<Browser> {
    if (this.closed) throw new Error('the printer is closed');
    if (!this.browser) {
      const launching = launchChromium();
      this.browser = launching;
      launching
        .then((b) =>
          b.on('disconnected', () => {
            if (this.browser === launching) this.browser = null;
            this.idle.clear();
          }),
        )
        .catch(() => {
          if (this.browser === launching) this.browser = null;
        });
    }
    return this.browser;
  }

  private async page(): Promise<Page> {
    const reused = this.idle.take();
    if (reused) return reused;
    const context = await (await this.open()).newContext({ javaScriptEnabled: false, offline: true, viewport: { width: 1123, height: 794 } });
    return context.newPage();
  }

  async pdf(html: string): Promise<Uint8Array> {
    const page = await this.page();
    let ok = false;
    try {
      await page.setContent(html, { waitUntil: 'load' });
      // Never print in a fallback font: wait for the embedded Sarabun faces. (A string, as this
      // module is compiled without the DOM library; evaluate runs even with page scripts off.)
      await page.evaluate('document.fonts.ready.then(() => document.fonts.size)');
      const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, outline: false });
      ok = true;
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } finally {
      // A page whose document failed is not trusted with the next one.
      if (ok && !this.closed) this.idle.give(page);
      else await page.context().close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.clear();
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }
}
