// The one CSV writer: register exports, the audit export and the recovery salvage. UTF-8 with a
// BOM and CRLF, so Thai Excel opens the file as Thai. A text cell that starts with = + - @, a
// tab or a CR gets a leading apostrophe, so a subject such as "=HYPERLINK(...)" stays text in
// Excel instead of running as a formula (numbers keep their sign).
import Papa from 'papaparse';

export const CSV_BOM = '\uFEFF';

/**
 * Papa's own `escapeFormulae: true` pattern ends in `.*$`, which misses a cell with a line
 * break after the formula: only the first character matters.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

/** Rows as CSV lines, each ending in CRLF (no BOM): for files written in pieces. */
export function csvRows(rows: readonly (readonly CsvValue[])[]): string {
  if (rows.length === 0) return '';
  return `${Papa.unparse(rows as CsvValue[][], { newline: '\r\n', escapeFormulae: FORMULA_START })}\r\n`;
}

/** A whole CSV file: the BOM, the header row and the rows. */
export function csvFile(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + csvRows([header, ...rows]);
}
