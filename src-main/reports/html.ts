// The one HTML report builder. Both printers (Electron and headless Chromium) print its output,
// and the app's preview shows it, so what the clerk sees is what the printer gets.
// Every piece of register text goes through escapeHtml: a subject is data, never markup.
import type { Entry, OfficeProfile, RegisterKind } from '../../src-shared/domain.js';
import { REGISTER_LABELS } from '../../src-shared/domain.js';
import { isOwnOffice } from '../../src-shared/docNumber.js';
import type { PrintSettings } from '../../src-shared/reportSchemas.js';
import {
  THAI_MONTHS_LONG,
  applyDigits,
  beYear,
  daysInMonth,
  formatThaiDateLong,
  formatThaiDateTime,
  parseIsoDate,
  type DigitStyle,
} from '../../src-shared/thai.js';
import { REPORT_COLUMNS, cellText, remarkText, urgencyText, type ReportColumn } from './columns.js';
import { sarabunFontFaces, sarabunTextWidthPt } from './fonts.js';

/** Reports never run script or fetch anything: their fonts and images travel inside them. */
export const REPORT_CSP_META =
  `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Escaped, with the clerk's line breaks kept. */
function lines(s: string): string {
  return escapeHtml(s).replace(/\n/g, '<br>');
}

/** A CSS string literal (for content: in @page margin boxes). */
function cssString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, ' ')}"`;
}

/**
 * The period in Thai, as the clerk would write it: a whole year, a whole month, one day or a range.
 * "ประจำปี พ.ศ. 2566", "ประจำเดือนพฤศจิกายน 2566", "วันที่ 16 พฤศจิกายน 2566",
 * "ระหว่างวันที่ 1 พฤศจิกายน 2566 ถึงวันที่ 15 พฤศจิกายน 2566".
 */
export function periodText(from: string, to: string, digits: DigitStyle = 'arabic'): string {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (!a || !b) return `${from} – ${to}`;
  if (from === to) return `วันที่ ${formatThaiDateLong(from, digits)}`;
  if (a.year === b.year && a.month === 1 && a.day === 1 && b.month === 12 && b.day === 31) {
    return applyDigits(`ประจำปี พ.ศ. ${beYear(a.year)}`, digits);
  }
  if (a.year === b.year && a.month === b.month && a.day === 1 && b.day === daysInMonth(b.year, b.month)) {
    return applyDigits(`ประจำเดือน${THAI_MONTHS_LONG[a.month - 1]} ${beYear(a.year)}`, digits);
  }
  return `ระหว่างวันที่ ${formatThaiDateLong(from, digits)} ถึงวันที่ ${formatThaiDateLong(to, digits)}`;
}

export interface PageSetup {
  orientation: PrintSettings['orientation'];
  fontSize: number;
  digits: DigitStyle;
}

export const PT_PER_MM = 72 / 25.4;

/** A4 margins in mm: binding margin on the left (portrait) or top (landscape). */
export const PAGE_MARGINS_MM = {
  portrait: { top: 14, right: 12, bottom: 16, left: 25 },
  landscape: { top: 15, right: 12, bottom: 12, left: 15 },
} as const satisfies Record<PageSetup['orientation'], Record<'top' | 'right' | 'bottom' | 'left', number>>;

function pageMargin(orientation: PageSetup['orientation']): string {
  const m = PAGE_MARGINS_MM[orientation];
  return `${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm`;
}

/** "หน้า x/y" in the bottom-right margin: Chromium's margin box here, pdf-lib for chunked PDFs (pageNumbers.ts). */
export const PAGE_NUMBER_STYLE = { fontSizePt: 9, paddingTopMm: 3 } as const;

export function pageNumberText(page: number, pages: number): string {
  return `หน้า ${page}/${pages}`;
}

function pageNumberBox(digits: DigitStyle): string {
  const counter = digits === 'thai' ? 'thai' : 'decimal';
  const { fontSizePt, paddingTopMm } = PAGE_NUMBER_STYLE;
  return `@bottom-right { content: "หน้า " counter(page, ${counter}) "/" counter(pages, ${counter}); font-family: 'Sarabun'; font-size: ${fontSizePt}pt; vertical-align: top; padding-top: ${paddingTopMm}mm; }`;
}

/**
 * A document only for printing shows nothing on screen but a hidden line of text in both
 * weights, which makes the embedded fonts load: Chromium then lays the report out once, for
 * print, instead of once for the screen and again for print (a third of a chunk's time).
 */
const PRINT_ONLY_CSS = `@media screen { body > :not(.font-load) { display: none; } }
.font-load { position: absolute; visibility: hidden; }`;
const FONT_LOAD = '<p class="font-load" aria-hidden="true">ก 0 <b>ก 0</b></p>';

function baseCss(page: PageSetup, footerLeft: string, pageNumbers: boolean): string {
  return `${sarabunFontFaces()}
@page {
  size: A4 ${page.orientation};
  margin: ${pageMargin(page.orientation)};
  @bottom-left { content: ${cssString(footerLeft)}; font-family: 'Sarabun'; font-size: 8.5pt; color: #444; vertical-align: top; padding-top: 3mm; }
  ${pageNumbers ? pageNumberBox(page.digits) : ''}
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'Sarabun'; font-size: ${page.fontSize}pt; line-height: 1.3; color: #000; background: #fff; }
@media screen {
  html { background: #e8e8e8; }
  body { margin: 12px auto; padding: 14mm 12mm 14mm ${page.orientation === 'portrait' ? '25mm' : '15mm'}; width: ${page.orientation === 'portrait' ? '210mm' : '297mm'}; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
}`;
}

export interface RegisterReportMeta {
  office: OfficeProfile;
  kind: RegisterKind;
  /** The printed title when it is not the book's own name (ทะเบียนหนังสือเวียน). */
  title?: string;
  from: string;
  to: string;
  groupName: string | null;
  /** Every row's ถึง is the office itself: the column is left out and the heading says so. */
  toIsOfficeOnly?: boolean;
  settings: PrintSettings;
  /** ISO timestamp of printing, shown small under the title. */
  printedAt: string;
}

/** Where a name may wrap: after its spaces. */
const WORDS = /\S+\s*/g;
/** Where a document number may wrap: after a space, "/" or "." ("ศธ 04051.030111/" "208"). */
const NUMBER_PARTS = /[^\s/.]*[\s/.]+|[^\s/.]+/g;

export interface RegisterReportOptions {
  /** false for a chunk of a large register, whose "หน้า x/y" is drawn afterwards (pageNumbers.ts). */
  pageNumbers?: boolean;
  /** For a printer, never shown on screen: see PRINT_ONLY_CSS. */
  printOnly?: boolean;
}

/** Streams the register's HTML: head(), then rows() per chunk, then tail(); join the parts. */
export class RegisterReportBuilder {
  private readonly columns: ReportColumn[];
  private readonly digits: DigitStyle;
  private count = 0;

  constructor(
    private readonly meta: RegisterReportMeta,
    private readonly options: RegisterReportOptions = {},
  ) {
    const columns = REPORT_COLUMNS[meta.kind];
    const to = columns.find((c) => c.key === 'to');
    this.columns =
      meta.toIsOfficeOnly && to
        ? columns.filter((c) => c !== to).map((c) => (c.key === 'subject' ? { ...c, width: c.width + to.width } : c))
        : columns;
    this.digits = meta.settings.digits;
  }

  pageSetup(): PageSetup {
    const { orientation, fontSize, digits } = this.meta.settings;
    return { orientation, fontSize, digits };
  }

  /** The document's start; a continuation chunk of a large register starts with the table. */
  head(continuation = false): string {
    const { office, kind, from, to, groupName, settings, printedAt } = this.meta;
    const title = this.meta.title ?? REGISTER_LABELS[kind].book;
    const period = periodText(from, to, this.digits);
    const { pageNumbers = true, printOnly = false } = this.options;
    const css = `${baseCss(settings, `${title} ${period}`, pageNumbers)}${printOnly ? `\n${PRINT_ONLY_CSS}` : ''}
h1 { font-size: 1.35em; line-height: 1.2; text-align: center; margin: 0; font-weight: 700; }
.office, .period, .group { text-align: center; margin: 0; }
.office { font-size: 1.1em; font-weight: 700; }
.printed { text-align: right; font-size: .8em; color: #444; margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: .6pt solid #000; padding: .2mm 1.2mm .4mm; vertical-align: top; overflow-wrap: anywhere; text-align: left; }
td { line-height: 1.17; }
th { font-weight: 700; font-size: .85em; line-height: 1.15; text-align: center; vertical-align: middle; background: #efefef; }
td.number, td.date { text-align: center; white-space: nowrap; }
.urgency { color: #c00000; font-weight: 700; }
tr.cancelled td { color: #555; }
tr.cancelled td.subject .text { text-decoration: line-through; }
.cancel-mark { font-weight: 700; color: #000; }
.empty { text-align: center; padding: 6mm; }`;
    const colgroup = this.columns.map((c) => `<col style="width:${c.width}%">`).join('');
    const header = this.columns.map((c) => `<th scope="col">${escapeHtml(c.header)}</th>`).join('');
    return `<!doctype html>
<html lang="th"><head><meta charset="utf-8">${REPORT_CSP_META}<title>${escapeHtml(`${title} ${period}`)}</title>
<style>${css}</style></head><body>${printOnly ? FONT_LOAD : ''}
${continuation ? '' : `<h1>${escapeHtml(title)}</h1>
<p class="office">${escapeHtml(office.name)}</p>
<p class="period">${escapeHtml(period)}${this.meta.toIsOfficeOnly ? escapeHtml(` · ถึง ${office.shortName} ทุกรายการ`) : ''}</p>
${groupName ? `<p class="group">${escapeHtml(`กลุ่มปฏิบัติ: ${groupName}`)}</p>` : ''}
<p class="printed">${escapeHtml(`พิมพ์เมื่อ ${formatThaiDateTime(printedAt, this.digits)}`)}</p>`}
<table class="register register-${kind}"><colgroup>${colgroup}</colgroup>
<thead><tr>${header}</tr></thead>
<tbody>
`;
  }

  rows(entries: readonly Entry[]): string {
    const out: string[] = [];
    for (const e of entries) {
      this.count++;
      const cells = this.columns.map((c) => `<td class="${c.kind ?? c.key}">${this.cell(c, e)}</td>`).join('');
      out.push(`<tr${e.status === 'cancelled' ? ' class="cancelled"' : ''} data-no="${e.registerNo}">${cells}</tr>\n`);
    }
    return out.join('');
  }

  /**
   * Text broken into lines only between its pieces, where they would not fit the column on one
   * line: Chromium breaks Thai by dictionary, and a dictionary does not know surnames
   * ("การะบูรณ์" came out as "กา / ระบูรณ์") or document numbers ("04051.030111/20 / 8"). The
   * lines are measured here (fonts.ts) with 2 % to spare, so Chromium does not break them again;
   * a piece wider than the column is left to Chromium. Plain <br>, not a box per word: a year's
   * register has 16,000 rows, and every extra element costs layout time.
   */
  /** The column's share of the text width, less the cell's padding (1.2 mm a side) and border (.6 pt), in pt. */
  private room(c: ReportColumn): number {
    const { orientation } = this.meta.settings;
    const m = PAGE_MARGINS_MM[orientation];
    const pageMm = orientation === 'portrait' ? 210 : 297;
    return ((((pageMm - m.left - m.right) * c.width) / 100 - 2.4) * PT_PER_MM - 0.6) * 0.98;
  }

  /** An escaped line (no markup but entities) fits its column. */
  private fits(escapedLine: string, c: ReportColumn): boolean {
    const plain = escapedLine.replace(/&(amp|lt|gt|quot|#39);/g, (_m, n: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[n] ?? '');
    return sarabunTextWidthPt(plain.trimEnd(), this.meta.settings.fontSize) <= this.room(c);
  }

  private fitted(text: string, c: ReportColumn, pieces: RegExp): string {
    const { fontSize } = this.meta.settings;
    const room = this.room(c);
    const width = (s: string) => sarabunTextWidthPt(s.trimEnd(), fontSize);
    const out: string[] = [];
    for (const line of text.split('\n')) {
      if (width(line) <= room) {
        out.push(line);
        continue;
      }
      let current = '';
      for (const piece of line.match(pieces) ?? []) {
        if (current !== '' && width(current + piece) > room) {
          out.push(current.trimEnd());
          current = '';
        }
        current += piece;
      }
      out.push(current.trimEnd());
    }
    return out.map(escapeHtml).join('<br>');
  }

  private cell(c: ReportColumn, e: Entry): string {
    switch (c.kind) {
      case 'subject': {
        const urgency = urgencyText(e);
        return `${urgency ? `<span class="urgency">${escapeHtml(urgency)}</span> ` : ''}<span class="text">${lines(e.subject)}</span>`;
      }
      case 'action':
        return [e.groupName ? this.fitted(e.groupName, c, WORDS) : '', e.personName ? this.fitted(e.personName, c, WORDS) : ''].filter(Boolean).join('<br>');
      case 'docNo': {
        // "ศธ 04051.030111/208" breaks at its space before it breaks after "/" or ".".
        const text = cellText(c.value(e), this.digits);
        const bySpaces = this.fitted(text, c, WORDS);
        return bySpaces.split('<br>').every((line) => this.fits(line, c)) ? bySpaces : this.fitted(text, c, NUMBER_PARTS);
      }
      case 'name':
        return this.fitted(c.key === 'to' && isOwnOffice(e.to, this.meta.office) ? this.meta.office.shortName : cellText(c.value(e), this.digits), c, WORDS);
      case 'remark': {
        if (e.status !== 'cancelled') return lines(e.remark);
        const rest = remarkText(e).split('\n');
        const first = rest.shift() ?? '';
        return `<span class="cancel-mark">${escapeHtml(first)}</span>${rest.length ? `<br>${lines(rest.join('\n'))}` : ''}`;
      }
      default:
        return lines(cellText(c.value(e), this.digits));
    }
  }

  /**
   * Ends the document; a chunk that is not the last says nothing about emptiness. cutAt: the
   * register's full size when this is a preview of its first rows.
   */
  tail(last = true, cutAt: number | null = null): string {
    const note =
      cutAt !== null
        ? `ตัวอย่างแสดง ${applyDigits(this.count.toLocaleString('en-US'), this.digits)} รายการแรก จากทั้งหมด ${applyDigits(cutAt.toLocaleString('en-US'), this.digits)} รายการ (พิมพ์หรือบันทึกเป็น PDF ได้ครบทุกรายการ)`
        : null;
    const empty =
      last && this.count === 0
        ? `<tr><td class="empty" colspan="${this.columns.length}">ไม่มีรายการในช่วงเวลานี้</td></tr>\n`
        : note
          ? `<tr><td class="empty preview-cut" colspan="${this.columns.length}">${escapeHtml(note)}</td></tr>\n`
          : '';
    return `${empty}</tbody></table>
</body></html>
`;
  }
}
