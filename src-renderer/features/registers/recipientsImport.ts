// Recipients for bulk certificates: pasted (one a line), or a CSV file (first column).
// exceljs is not allowed in the renderer (eslint: it is a Node-side module), so .xlsx is read by
// asking the clerk to save it as CSV (UTF-8) from Excel.
import Papa from 'papaparse';

export function parseRecipientsText(text: string): string[] {
  return text.split(/\r?\n/);
}

export async function readRecipientsFile(file: File): Promise<string[]> {
  if (/\.xlsx?$/i.test(file.name)) {
    throw new Error('ยังอ่านไฟล์ Excel โดยตรงไม่ได้ กรุณาบันทึกเป็น CSV (UTF-8) จาก Excel แล้วนำเข้าอีกครั้ง');
  }
  const text = (await file.text()).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const rows = parsed.data.map((r) => (r[0] ?? '').trim()).filter((s) => s !== '');
  // A header row such as "ชื่อ" / "ชื่อผู้ได้รับ" is not a recipient.
  if (rows.length > 0 && /^(ชื่อ|ชื่อ-สกุล|ชื่อ - สกุล|ชื่อผู้ได้รับ|name)$/i.test(rows[0] ?? '')) rows.shift();
  return rows;
}
