// The school directory file (CSV or xlsx) as the office keeps it: a header row naming the
// columns รหัสสถานศึกษา, ชื่อ, กลุ่ม, ประเภท (in any order, extra columns ignored), one school a
// row. Pure: turns a table of cells into rows for the directory's schema, line numbers kept.
import { directoryImportRow, parseSchoolType, type DirectoryImportRow } from './distributionSchemas.js';

const HEADERS: Record<'schoolCode' | 'name' | 'network' | 'schoolType', string[]> = {
  schoolCode: ['รหัสสถานศึกษา', 'รหัสโรงเรียน', 'รหัส', 'school code', 'code'],
  name: ['ชื่อ', 'ชื่อสถานศึกษา', 'ชื่อโรงเรียน', 'name'],
  network: ['กลุ่ม', 'กลุ่มโรงเรียน', 'เครือข่าย', 'อำเภอ', 'group'],
  schoolType: ['ประเภท', 'type'],
};

export interface TableRow {
  line: number;
  values: Record<string, string>;
}

export type TableParse = { ok: true; rows: TableRow[] } | { ok: false; message: string };

const norm = (s: string): string => s.replace(/^\uFEFF/, '').trim().toLowerCase();

export function directoryRowsFromTable(cells: string[][]): TableParse {
  const headerIndex = cells.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerIndex < 0) return { ok: false, message: 'ไฟล์ว่างเปล่า ไม่มีรายชื่อสถานศึกษา' };
  const header = (cells[headerIndex] as string[]).map(norm);
  const col: Partial<Record<keyof typeof HEADERS, number>> = {};
  for (const [key, names] of Object.entries(HEADERS) as [keyof typeof HEADERS, string[]][]) {
    const i = header.findIndex((h) => names.includes(h));
    if (i >= 0) col[key] = i;
  }
  const missing = (['schoolCode', 'name'] as const).filter((k) => col[k] === undefined);
  if (missing.length > 0) {
    return { ok: false, message: `ไม่พบหัวคอลัมน์ ${missing.map((k) => HEADERS[k][0]).join(' และ ')} ในแถวแรกของไฟล์ (ต้องมี รหัสสถานศึกษา, ชื่อ, กลุ่ม, ประเภท)` };
  }
  const rows: TableRow[] = [];
  cells.forEach((r, i) => {
    if (i <= headerIndex || r.every((c) => c.trim() === '')) return;
    const get = (k: keyof typeof HEADERS): string => (col[k] === undefined ? '' : (r[col[k] as number] ?? '').trim());
    const typeRaw = get('schoolType');
    rows.push({
      line: i + 1,
      values: { schoolCode: get('schoolCode'), name: get('name'), network: get('network'), schoolType: parseSchoolType(typeRaw) ?? typeRaw },
    });
  });
  if (rows.length === 0) return { ok: false, message: 'ไฟล์มีแต่หัวคอลัมน์ ไม่มีรายชื่อสถานศึกษา' };
  return { ok: true, rows };
}

export interface ImportIssue {
  line: number;
  message: string;
}

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
}

/** Checks every row before anything is written; a file with one bad row changes nothing. */
export function checkImportRows(raw: TableRow[]): { rows: (DirectoryImportRow & { line: number })[]; issues: ImportIssue[] } {
  const rows: (DirectoryImportRow & { line: number })[] = [];
  const issues: ImportIssue[] = [];
  const seen = new Map<string, number>();
  for (const r of raw) {
    const parsed = directoryImportRow.safeParse(r.values);
    if (!parsed.success) {
      issues.push({ line: r.line, message: parsed.error.issues[0]?.message ?? 'ข้อมูลไม่ถูกต้อง' });
      continue;
    }
    const before = seen.get(parsed.data.schoolCode);
    if (before !== undefined) {
      issues.push({ line: r.line, message: `รหัสสถานศึกษา ${parsed.data.schoolCode} ซ้ำกับบรรทัดที่ ${before}` });
      continue;
    }
    seen.set(parsed.data.schoolCode, r.line);
    rows.push({ ...parsed.data, line: r.line });
  }
  return { rows, issues };
}

