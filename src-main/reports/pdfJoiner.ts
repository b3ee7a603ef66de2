// A year of a busy office's register is 2,000+ pages: one Chromium print job of that size fails
// ("Printing failed") and uses one core. So large registers print in chunks of rows (in
// parallel), and this joins them with pdf-lib, each chunk as soon as it is printed, so that
// only the page numbers and the save are left when the last chunk comes back.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { PDFDocument, PDFObjectCopier, PDFPage } from 'pdf-lib';
import type { PageSetup } from './html.js';
import { drawPageNumbers } from './pageNumbers.js';

const PAGES_PER_TURN = 20;

export class PdfJoiner {
  private constructor(private readonly out: PDFDocument) {}

  static async create(title: string): Promise<PdfJoiner> {
    const out = await PDFDocument.create({ updateMetadata: false });
    out.setTitle(title);
    out.setCreator('Saraban Desk');
    out.setProducer('Saraban Desk (Chromium, pdf-lib)');
    return new PdfJoiner(out);
  }

  /** Appends the pages of the next chunk, in order. */
  async append(chunk: Uint8Array): Promise<void> {
    const src = await PDFDocument.load(chunk, { updateMetadata: false });
    // copyPages would copy a chunk's 150 pages in one go and hold the event loop; this is the
    // same copy, a few pages a turn, with one copier so what the pages share (the embedded
    // fonts) is still copied once.
    const copier = PDFObjectCopier.for(src.context, this.out.context);
    for (const [i, page] of src.getPages().entries()) {
      const node = copier.copy(page.node);
      this.out.addPage(PDFPage.of(node, this.out.context.register(node), this.out));
      if (i % PAGES_PER_TURN === PAGES_PER_TURN - 1) await yieldToLoop();
    }
  }

  /** The joined PDF with "หน้า x/y" on every page. */
  async finish(setup: PageSetup): Promise<Uint8Array> {
    await drawPageNumbers(this.out, setup);
    // objectsPerTick: saving 2,000 pages at once would hold the event loop for about a second.
    return this.out.save({ useObjectStreams: true, objectsPerTick: 200 });
  }
}
