// The one reader of the clerk's CSV/xlsx tables (school directory, AMSS++ sheets).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsvRows, readXlsxRows } from '../../src-main/tableFile.js';

describe('tableFile', () => {
  it('reads CSV with a BOM, quoted commas, quotes and line breaks, and leaves out blank lines', () => {
    const text = '\uFEFFรหัสสถานศึกษา,ชื่อ\r\n50010001,"บ้านห้วย, โด้ง"\r\n  \r\n50010002,"ชื่อ ""ยาว""\nสองบรรทัด"\n';
    expect(parseCsvRows(text)).toEqual([
      ['รหัสสถานศึกษา', 'ชื่อ'],
      ['50010001', 'บ้านห้วย, โด้ง'],
      ['50010002', 'ชื่อ "ยาว"\nสองบรรทัด'],
    ]);
  });

  it('reads the first xlsx sheet row n as line n, a date cell as its ISO date', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('รายชื่อ');
    sheet.getRow(1).values = ['รหัสสถานศึกษา', 'ชื่อ', 'วันที่'];
    sheet.getRow(3).values = [50010001, 'โรงเรียนบ้านพุย', new Date(Date.UTC(2023, 10, 16))];
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await readXlsxRows(bytes)).toEqual([
      ['รหัสสถานศึกษา', 'ชื่อ', 'วันที่'],
      [],
      ['50010001', 'โรงเรียนบ้านพุย', '2023-11-16'],
    ]);
  });
});
