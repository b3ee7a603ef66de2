// The default printer outside Electron. playwright-core is a development dependency that the
// packed desktop app does not carry, so it is imported only when a PDF is first asked for.
import type { PdfPrinter } from './pdfPrinter.js';

export class LazyChromiumPrinter implements PdfPrinter {
  readonly name = 'chromium';
  private inner: Promise<PdfPrinter> | null = null;

  private get(): Promise<PdfPrinter> {
    this.inner ??= import('./chromium.js').then((m) => new m.ChromiumPrinter());
    return this.inner;
  }

  async pdf(html: string): Promise<Uint8Array> {
    return (await this.get()).pdf(html);
  }

  async close(): Promise<void> {
    const inner = this.inner;
    this.inner = null;
    if (inner) await (await inner).close();
  }
}
