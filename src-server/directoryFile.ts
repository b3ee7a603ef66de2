// Reads the office's school list from a CSV (UTF-8, with or without BOM) or xlsx file into a
// table of cells (src-shared/directoryImport.ts maps the columns), for `npm run server -- school
// import`. The server imports nothing of the desktop, so the desktop's directory screen has its
// own reader (src-main/tableFile.ts); the column rules are shared.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { extensionOf } from '../src-shared/attachmentSchemas.js';

export async function readTableFile(path: string, name = path): Promise<string[][]> {
  const ext = extensionOf(name);
  if (ext === 'csv' || ext === 'txt') {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    return Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data.map((r) => r.map((c) => String(c ?? '')));
  }
  if (ext === 'xlsx') return readXlsx(readFileSync(path));
  throw new Error('ไฟล์ทำเนียบสถานศึกษาต้องเป็น .csv หรือ .xlsx');
}

export async function readXlsx(bytes: Buffer): Promise<string[][]> {
  // Loaded on first use: exceljs adds 0.3 s to a start (as in the desktop's reports).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cells[c - 1] = cell.text ?? '';
    });
    out[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(out, (r) => r ?? []);
}
