// One reader for the tables a clerk brings (CSV or xlsx) as rows of cell text: the AMSS++ sheet
// import (importing/sheetSource.ts) and the office's school directory (distribution/handlers.ts).
// The server's CLI keeps its own copy (src-server/directoryFile.ts): the server imports nothing
// of the desktop, and src-shared may not load papaparse or exceljs.
import Papa from 'papaparse';

/**
 * UTF-8 CSV, with or without a BOM; lines with nothing but white space are left out. Line ends
 * are made one kind first: papaparse takes the first line's kind for all, and a file edited on
 * two systems mixes CRLF and LF (the contract turns CRLF into LF in every text anyway).
 */
export function parseCsvRows(text: string): string[][] {
  const unified = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return Papa.parse<string[]>(unified, { newline: '\n', skipEmptyLines: 'greedy' }).data.map((r) => r.map((c) => String(c ?? '')));
}

/**
 * The first sheet of an xlsx (bytes, or a path read by exceljs itself), one array per sheet row
 * so that row n is line n (empty rows stay as empty arrays); a date cell becomes its ISO date.
 */
export async function readXlsxRows(source: Buffer | string): Promise<string[][]> {
  // Loaded on first use: exceljs adds 0.3 s to a start (reports/warmUp.ts loads it when idle).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  if (typeof source === 'string') await wb.xlsx.readFile(source);
  else await wb.xlsx.load(source as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cells[c - 1] = cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : (cell.text ?? '');
    });
    out[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(out, (r) => r ?? []);
}
