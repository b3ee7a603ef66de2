// A year of a busy office's register is 2,000+ pages: one Chromium print job of that size fails
// ("Printing failed") and uses one core. So large registers print in chunks of rows (in
// parallel), and this joins them with pdf-lib. "หน้า x/y" needs the total, known only at the
// end, so the page numbers come from one more tiny Chromium document (numbers only, the same
// @page box and Sarabun) laid over each page: the text is still shaped by Chromium.
import { PDFDocument } from 'pdf-lib';

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** overlay(pages): a PDF of exactly that many pages to lay over the joined pages (page numbers). */
export async function mergePdfs(
  chunks: readonly Uint8Array[],
  overlay: ((pages: number) => Promise<Uint8Array>) | null,
  title: string,
): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setTitle(title);
  out.setCreator('Saraban Desk');
  out.setProducer('Saraban Desk (Chromium, pdf-lib)');
  for (const chunk of chunks) {
    const src = await PDFDocument.load(chunk, { updateMetadata: false });
    const pages = await out.copyPages(src, src.getPageIndices());
    for (const p of pages) out.addPage(p);
    await yieldToLoop();
  }
  if (overlay) {
    const numbers = await PDFDocument.load(await overlay(out.getPageCount()), { updateMetadata: false });
    const pages = out.getPages();
    if (numbers.getPageCount() !== pages.length) throw new Error(`page-number overlay has ${numbers.getPageCount()} pages for ${pages.length}`);
    const overlayPages = numbers.getPages();
    // In batches with a turn of the event loop between them: 2,000 pages at once hold it for seconds.
    for (let start = 0; start < pages.length; start += 100) {
      const embedded = await out.embedPages(overlayPages.slice(start, start + 100));
      embedded.forEach((e, k) => {
        const page = pages[start + k];
        if (page) page.drawPage(e, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
      });
      await yieldToLoop();
    }
  }
  return out.save({ useObjectStreams: true });
}
