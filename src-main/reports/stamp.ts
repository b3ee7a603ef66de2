// The receive stamp (ตรารับหนังสือ) for a clerk without a rubber stamp: the regulation's box of
// 2.5 × 5 cm (office name; เลขรับ; วันที่; เวลา) with a QR code of the entry beside it, laid out
// on A4 label sheets of 3 × 8 labels (70 × 37 mm) or on plain A4 with cut lines.
import QRCode from 'qrcode';
import type { Entry, OfficeProfile } from '../../src-shared/domain.js';
import { LABELS_PER_SHEET, type PrintSettings, type StampPaper } from '../../src-shared/reportSchemas.js';
import { applyDigits, formatThaiDateShort } from '../../src-shared/thai.js';
import { REPORT_CSP_META, escapeHtml } from './html.js';
import { sarabunFontFaces } from './fonts.js';
import { entryCode } from './reportData.js';

/** The QR code as inline SVG (no script, no image request): one path of dark modules. */
export function qrSvg(text: string, sizeMm: number): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const parts: string[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.data[r * n + c]) parts.push(`M${c + quiet} ${r + quiet}h1v1h-1z`);
    }
  }
  const box = n + quiet * 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="qr" width="${sizeMm}mm" height="${sizeMm}mm" viewBox="0 0 ${box} ${box}" shape-rendering="crispEdges" role="img" aria-label="${escapeHtml(text)}"><rect width="${box}" height="${box}" fill="#fff"/><path d="${parts.join('')}" fill="#000"/></svg>`;
}

function timeOf(registeredAt: string): string {
  const m = /T(\d{2}):(\d{2})/.exec(registeredAt);
  return m ? `${m[1]}.${m[2]} น.` : '';
}

function registeredDate(registeredAt: string): string {
  return registeredAt.slice(0, 10);
}

const PER_PAGE = LABELS_PER_SHEET;

/** firstLabel: on a partly used sheet, the labels before it are left blank (1 = a fresh sheet). */
export function buildStampHtml(office: OfficeProfile, entries: readonly Entry[], paper: StampPaper, settings: PrintSettings, firstLabel = 1): string {
  const d = settings.digits;
  const skipped = Array.from({ length: Math.min(Math.max(firstLabel, 1), PER_PAGE) - 1 }, () => '<div class="label used" aria-hidden="true"></div>');
  const stamps = entries.map((e) => {
    const no = applyDigits(`${e.registerNo}`, d);
    return `<div class="label"><div class="stamp">
<div class="office">${escapeHtml(office.name)}</div>
<div class="row"><span class="k">เลขรับ</span><span class="v">${escapeHtml(no)}</span></div>
<div class="row"><span class="k">วันที่</span><span class="v">${escapeHtml(formatThaiDateShort(registeredDate(e.registeredAt), d))}</span></div>
<div class="row"><span class="k">เวลา</span><span class="v">${escapeHtml(applyDigits(timeOf(e.registeredAt), d))}</span></div>
</div>${qrSvg(entryCode(e.id), 15)}</div>`;
  });
  const labels = [...skipped, ...stamps];
  const pages: string[] = [];
  for (let i = 0; i < labels.length; i += PER_PAGE) pages.push(`<section class="sheet">${labels.slice(i, i + PER_PAGE).join('\n')}</section>`);
  const cut = paper === 'a4' ? 'outline: .2mm dashed #999; outline-offset: -.1mm;' : '';
  const css = `${sarabunFontFaces()}
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'Sarabun'; color: #000; background: #fff; }
.sheet { width: 210mm; height: 296mm; display: grid; grid-template-columns: repeat(3, 70mm); grid-auto-rows: 37mm; break-after: page; overflow: hidden; }
.sheet:last-child { break-after: auto; }
.label { display: flex; align-items: center; justify-content: center; gap: 1.5mm; padding: 0 1.5mm; ${cut} }
.stamp { width: 50mm; height: 25mm; border: .5mm solid #000; padding: .8mm 1.6mm; display: flex; flex-direction: column; justify-content: space-between; }
.office { font-size: 7.5pt; font-weight: 700; text-align: center; line-height: 1.15; border-bottom: .25mm solid #000; padding-bottom: .6mm; }
.row { display: flex; align-items: baseline; font-size: 9pt; line-height: 1.2; }
.k { width: 11mm; font-weight: 700; }
.v { flex: 1; border-bottom: .25mm dotted #000; padding-left: 1mm; }
.qr { flex: none; }
@media screen { html { background: #e8e8e8; } .sheet { background: #fff; margin: 12px auto; box-shadow: 0 1px 4px rgba(0,0,0,.25); } }`;
  return `<!doctype html>
<html lang="th"><head><meta charset="utf-8">${REPORT_CSP_META}<title>ตรารับหนังสือ</title><style>${css}</style></head>
<body>${pages.join('\n')}</body></html>
`;
}
