// Excel (.xlsx) and CSV exports of a register: the same columns as the printed form.
// Excel gets real date cells shown with the Buddhist-Era year; CSV is UTF-8 with a BOM so
// Thai Excel opens it without garbling.
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import { PassThrough } from 'node:stream';
import type { Entry, RegisterKind } from '../../src-shared/domain.js';
import { REGISTER_LABELS } from '../../src-shared/domain.js';
import { parseIsoDate } from '../../src-shared/thai.js';
import { csvFile, csvRows } from '../csv.js';
import { REPORT_COLUMNS, cellText } from './columns.js';

/**
 * A Thai short date with the BE year in any Excel: locale th-TH (041E) with the Thai Buddhist
 * calendar (07), so 16/11/2023 shows as "16 พ.ย. 2566" while the cell stays a real date.
 */
export const XLSX_BE_DATE_FORMAT = '[$-107041E]d mmm yyyy';

export interface XlsxExport {
  addRows(entries: readonly Entry[]): void;
  finish(): Promise<Buffer>;
}

/**
 * Streams the workbook (exceljs' WorkbookWriter): each row is written and zipped as it comes,
 * so a year's 16,000 rows never hold the event loop for the whole file at the end.
 */
export function startXlsx(kind: RegisterKind, title: string): XlsxExport {
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (b: Buffer) => parts.push(b));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Saraban Desk';
  // Sheet names cannot hold : \ / ? * [ ] and are at most 31 characters.
  const sheet = wb.addWorksheet(REGISTER_LABELS[kind].book.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    headerFooter: { oddHeader: `&C${title.replace(/&/g, '&&')}` },
  });
  const columns = REPORT_COLUMNS[kind];
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.xlsxWidth,
    style: {
      alignment: { vertical: 'top', wrapText: c.kind !== 'number' && c.kind !== 'date' },
      ...(c.kind === 'date' ? { numFmt: XLSX_BE_DATE_FORMAT } : {}),
    },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true, name: 'Sarabun' };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.commit();
  return {
    addRows(entries) {
      for (const e of entries) {
        sheet
          .addRow(
            columns.map((c) => {
              const v = c.value(e);
              if ('date' in v) {
                const d = parseIsoDate(v.date);
                // UTC midnight: exceljs turns a Date into a serial day number through UTC.
                return d ? new Date(Date.UTC(d.year, d.month - 1, d.day)) : v.date;
              }
              if ('number' in v) return v.number;
              return v.text;
            }),
          )
          .commit();
      }
    },
    async finish() {
      sheet.commit();
      await wb.commit();
      await ended;
      return Buffer.concat(parts);
    },
  };
}

export interface CsvExport {
  addRows(entries: readonly Entry[]): void;
  finish(): Buffer;
}

export function startCsv(kind: RegisterKind): CsvExport {
  const columns = REPORT_COLUMNS[kind];
  const parts: string[] = [csvFile(columns.map((c) => c.header), [])];
  return {
    addRows(entries) {
      parts.push(csvRows(entries.map((e) => columns.map((c) => cellText(c.value(e), 'arabic')))));
    },
    finish() {
      return Buffer.from(parts.join(''), 'utf8');
    },
  };
}
