// "หน้า x/y" on the pages of a register printed in chunks (see pdfJoiner.ts): the total is known
// only once every chunk is printed, so the numbers are drawn afterwards with pdf-lib, in the
// same Sarabun faces, size and place as the margin box Chromium draws on a one-piece register
// (html.ts pageNumberBox). Only Thai letters, digits and "/" are drawn: no shaping beyond what
// Sarabun's default mark positions give ("น้" stacks correctly without GPOS).
import fontkit from '@pdf-lib/fontkit';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { rgb, type PDFDocument, type PDFFont } from 'pdf-lib';
import { applyDigits } from '../../src-shared/thai.js';
import { sarabunFontFile, sarabunRuns } from './fonts.js';
import { PAGE_MARGINS_MM, PAGE_NUMBER_STYLE, PT_PER_MM, pageNumberText, type PageSetup } from './html.js';

/** Draws "หน้า x/y" on every page of doc, right-aligned in the bottom margin. */
export async function drawPageNumbers(doc: PDFDocument, setup: PageSetup): Promise<void> {
  doc.registerFontkit(fontkit);
  const embed = (subset: 'thai' | 'latin'): Promise<PDFFont> => doc.embedFont(sarabunFontFile(subset, 400, 'woff'), { subset: true });
  const [thai, latin] = await Promise.all([embed('thai'), embed('latin')]);
  const size = PAGE_NUMBER_STYLE.fontSizePt;
  const margin = PAGE_MARGINS_MM[setup.orientation];
  // Sarabun's line gap is 0, so with line-height: normal the baseline sits one ascent below
  // the top of the box's content (heightAtSize without the descender is the ascent).
  const ascent = latin.heightAtSize(size, { descender: false });
  const pages = doc.getPages();
  const total = pages.length;
  // Each width is a fontkit layout (about 0.3 ms); "หน้า " is the same on every page.
  const widths = new Map<string, number>();
  const widthOf = (text: string, font: PDFFont) => {
    const key = `${font === thai ? 't' : 'l'}${text}`;
    let w = widths.get(key);
    if (w === undefined) widths.set(key, (w = font.widthOfTextAtSize(text, size)));
    return w;
  };
  for (const [i, page] of pages.entries()) {
    const parts = sarabunRuns(applyDigits(pageNumberText(i + 1, total), setup.digits)).map((r) => {
      const font = r.thai ? thai : latin;
      return { ...r, font, width: widthOf(r.text, font) };
    });
    let x = page.getWidth() - margin.right * PT_PER_MM - parts.reduce((w, p) => w + p.width, 0);
    const y = (margin.bottom - PAGE_NUMBER_STYLE.paddingTopMm) * PT_PER_MM - ascent;
    for (const p of parts) {
      page.drawText(p.text, { x, y, size, font: p.font, color: rgb(0, 0, 0) });
      x += p.width;
    }
    // Drawing a page's number is a fontkit layout or two (~1 ms): let other API calls in
    // every few pages (200 pages at a time held the loop 0.3 s of CPU for a month's PDF).
    if (i % 20 === 19) await yieldToLoop();
  }
}
