// The one CSV writer (src-main/csv.ts): what Thai Excel needs, and no formula from a cell.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvFile, csvRows } from '../../src-main/csv.js';

describe('csv writer', () => {
  it('writes UTF-8 with a BOM, CRLF line ends and quotes where needed', () => {
    const file = csvFile(['เรื่อง', 'เลขที่'], [['ขอเชิญประชุม, ด่วน', 12], ['คำว่า "ลับ"', null]]);
    expect(file.startsWith(CSV_BOM)).toBe(true);
    expect(file.slice(1)).toBe('เรื่อง,เลขที่\r\n"ขอเชิญประชุม, ด่วน",12\r\n"คำว่า ""ลับ""",\r\n');
  });

  it('keeps a cell that starts like a formula as text, also with a line break after it', () => {
    const cells = ['=HYPERLINK("http://x","คลิก")', '+66 81', '-1+2', '@SUM(A1)', '\tTAB', '\rCR', '=1+1\nบรรทัดสอง'];
    const parsed = Papa.parse<string[]>(csvRows([cells]).trim(), { newline: '\r\n' }).data[0];
    expect(parsed).toEqual(cells.map((c) => `'${c}`));
  });

  it('leaves numbers, and text that only contains those characters later, as they are', () => {
    expect(csvRows([[-5, 3.5, 'ก-ข', 'a=b', true]])).toBe('-5,3.5,ก-ข,a=b,true\r\n');
    expect(csvRows([])).toBe('');
  });
});
