// Recipients for bulk certificates: pasted (one a line), or the first column of a CSV or .xlsx.
import Papa from 'papaparse';
import { xlsxFirstColumn } from './xlsxFirstColumn.js';

const HEADER = /^(ชื่อ|ชื่อ-สกุล|ชื่อ - สกุล|ชื่อผู้ได้รับ|name)$/i;

function clean(rows: string[]): string[] {
  const names = rows.map((r) => r.trim()).filter((s) => s !== '');
  // A header row such as "ชื่อ" / "ชื่อผู้ได้รับ" is not a recipient.
  if (names.length > 0 && HEADER.test(names[0] ?? '')) names.shift();
  return names;
}

export function parseRecipientsText(text: string): string[] {
  return text.split(/\r?\n/);
}

export async function readRecipientsFile(file: File): Promise<string[]> {
  if (/\.xls$/i.test(file.name)) throw new Error('ไฟล์ .xls แบบเก่าอ่านไม่ได้ กรุณาบันทึกเป็น .xlsx หรือ CSV (UTF-8) แล้วนำเข้าอีกครั้ง');
  if (/\.xlsx$/i.test(file.name)) {
    try {
      return clean(await xlsxFirstColumn(file));
    } catch {
      throw new Error('อ่านไฟล์ Excel นี้ไม่ได้ กรุณาบันทึกเป็น CSV (UTF-8) แล้วนำเข้าอีกครั้ง');
    }
  }
  const text = (await file.text()).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  return clean(parsed.data.map((r) => r[0] ?? ''));
}
