// The alternative to Chromium for a year's register, measured (npm run bench -- pdflib): lay the
// rows out directly with pdf-lib + fontkit. Not print-identical (no Thai dictionary line
// breaking, no GPOS marks: lines break between the measured pieces print already uses), so
// this gives the cost of the approach, an optimistic bound, beside Chromium's empty page.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { sarabunFontFile, sarabunRuns } from '../src-main/reports/fonts.js';
import { ChromiumPrinter } from '../src-main/reports/chromium.js';
import { emptyPage } from './anchors.js';
import { anchorLine, compare, interleaved, reportOnce } from './stats.js';

const ROWS = Number(process.env.BENCH_PDFLIB_ROWS ?? 2000);
const PT_PER_MM = 72 / 25.4;
const COLUMNS = [7.5, 13, 10, 13, 11, 24, 13, 8.5];
const SUBJECTS = [
  'การเลื่อนวันหยุดชดเชยวันหยุดราชการฯ',
  'ส่งรายงานข้อมูลจำนวนนักเรียนพักนอนสำหรับโรงเรียนในพื้นที่ยากลำบาก ภาคเรียนที่ 2/2566',
  'การย้ายข้าราชการครูและบุคลากรทางการศึกษา ตำแหน่งครู สังกัดสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน (การย้ายกรณีปกติ) ประจำปี พ.ศ. 2566 ครั้งที่ 2',
  'แจ้งกำหนดการประชุมผู้บริหารสถานศึกษา',
];

async function layOut(rows: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const thai = await doc.embedFont(sarabunFontFile('thai', 400, 'woff'), { subset: true });
  const latin = await doc.embedFont(sarabunFontFile('latin', 400, 'woff'), { subset: true });
  const size = 10;
  const lineH = size * 1.3;
  const [pageW, pageH] = [297 * PT_PER_MM, 210 * PT_PER_MM];
  const left = 15 * PT_PER_MM;
  const usable = pageW - left - 12 * PT_PER_MM;
  const widths = COLUMNS.map((c) => (usable * c) / 100);
  const width = (s: string) => sarabunRuns(s).reduce((w, r) => w + (r.thai ? thai : latin).widthOfTextAtSize(r.text, size), 0);
  const draw = (page: PDFPage, s: string, x: number, y: number) => {
    for (const r of sarabunRuns(s)) {
      const font: PDFFont = r.thai ? thai : latin;
      page.drawText(r.text, { x, y, size, font, color: rgb(0, 0, 0) });
      x += font.widthOfTextAtSize(r.text, size);
    }
  };
  /** Lines of at most `room` points, broken after spaces (a real layout needs Thai word breaks). */
  const wrap = (s: string, room: number): string[] => {
    const out: string[] = [];
    let line = '';
    for (const piece of s.match(/\S+\s*/g) ?? []) {
      if (line && width(line + piece) > room) {
        out.push(line);
        line = '';
      }
      line += piece;
    }
    out.push(line);
    return out;
  };
  let page = doc.addPage([pageW, pageH]);
  let y = pageH - 20 * PT_PER_MM;
  for (let n = 1; n <= rows; n++) {
    const cells = [String(n), `ศธ 04051.${n % 997}/${n}`, '16 พ.ย. 2566', 'โรงเรียนบ้านพุย', 'สำนักงานเขตพื้นที่การศึกษา', SUBJECTS[n % SUBJECTS.length] as string, 'กลุ่มอำนวยการ นางสาวสมฤดี ขันตั้ง', 'เอกสารกระดาษ'];
    const lines = cells.map((c, i) => wrap(c, (widths[i] as number) - 7));
    const h = Math.max(...lines.map((l) => l.length)) * lineH + 4;
    if (y - h < 14 * PT_PER_MM) {
      page = doc.addPage([pageW, pageH]);
      y = pageH - 20 * PT_PER_MM;
    }
    let x = left;
    lines.forEach((cellLines, i) => {
      const w = widths[i] as number;
      page.drawRectangle({ x, y: y - h, width: w, height: h, borderWidth: 0.6, borderColor: rgb(0, 0, 0) });
      cellLines.forEach((l, k) => draw(page, l, x + 3.4, y - (k + 1) * lineH));
      x += w;
    });
    y -= h;
  }
  return doc.save({ useObjectStreams: true });
}

export async function run(): Promise<void> {
  const printer = new ChromiumPrinter();
  const blank = emptyPage(printer);
  try {
    await blank();
    let pages = 0;
    const t = await interleaved(3, {
      empty: async () => {
        for (let k = 0; k < 3; k++) await blank();
      },
      pdfLib: async () => {
        const bytes = await layOut(ROWS);
        pages = (await PDFDocument.load(bytes)).getPageCount();
      },
    });
    const empty = { median: t.empty.median / 3, p95: t.empty.p95 / 3, runs: t.empty.runs * 3 };
    anchorLine('Chromium prints one empty A4 page', empty);
    compare(`pdf-lib lays out ${ROWS.toLocaleString('en-US')} rows (${pages} pages, one core)`, t.pdfLib, empty, 'empty page');
    reportOnce('  per row (median)', t.pdfLib.median / ROWS);
  } finally {
    await printer.close();
  }
}
