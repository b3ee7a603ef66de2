// Headless Chromium for PDFs outside Electron: Debian's /usr/bin/chromium driven by
// playwright-core (never a downloaded browser). One launcher for the printer, the tests and
// the browser host, with the same flags everywhere.
import { chromium, type Browser } from 'playwright-core';
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

/** Launches Chromium on first use and keeps it for the next report; close() ends it. */
export class ChromiumPrinter implements PdfPrinter {
  readonly name = 'chromium';
  private browser: Promise<Browser> | null = null;
  private closed = false;

  private async open(): Promise<Browser> {
    if (this.closed) throw new Error('the printer is closed');
    if (!this.browser) {
      const launching = launchChromium();
      this.browser = launching;
      launching
        .then((b) =>
          b.on('disconnected', () => {
            if (this.browser === launching) this.browser = null;
          }),
        )
        .catch(() => {
          if (this.browser === launching) this.browser = null;
        });
    }
    return this.browser;
  }

  async pdf(html: string): Promise<Uint8Array> {
    const browser = await this.open();
    // A context of its own per report: no state leaks from one report to the next, and no
    // network: the HTML carries its fonts and images as data: URLs.
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width: 1123, height: 794 } });
    try {
      const page = await context.newPage();
      // Laid out for print from the start, so printing does not redo a screen layout's work.
      await page.emulateMedia({ media: 'print' });
      await page.setContent(html, { waitUntil: 'load' });
      // Never print in a fallback font: wait for the embedded Sarabun faces. (A string, as this
      // module is compiled without the DOM library; evaluate runs even with page scripts off.)
      await page.evaluate('document.fonts.ready.then(() => document.fonts.size)');
      const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, outline: false });
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }
}
