// The school directory file's columns (รหัสสถานศึกษา, ชื่อ, กลุ่ม, ประเภท) in any order, and every
// bad row named by its line before anything is imported.
import { describe, expect, it } from 'vitest';
import { checkImportRows, directoryRowsFromTable } from '../../src-shared/directoryImport.js';

describe('directory import', () => {
  it('maps the Thai headers in any order and reads รัฐบาล/เอกชน', () => {
    const t = directoryRowsFromTable([
      ['', ''],
      ['\uFEFFประเภท', 'ชื่อสถานศึกษา', 'หมายเหตุ', 'รหัสสถานศึกษา', 'กลุ่ม'],
      ['เอกชน', 'โรงเรียนดาราวิทยาลัย', 'x', '50010009', 'อ.เมือง'],
      ['', '', '', '', ''],
      ['รัฐบาล', 'โรงเรียนบ้านพุย', '', '50010001', 'เครือข่ายแม่แจ่ม 1'],
    ]);
    expect(t.ok).toBe(true);
    const checked = checkImportRows(t.ok ? t.rows : []);
    expect(checked.issues).toEqual([]);
    expect(checked.rows).toEqual([
      { line: 3, schoolCode: '50010009', name: 'โรงเรียนดาราวิทยาลัย', network: 'อ.เมือง', schoolType: 'private' },
      { line: 5, schoolCode: '50010001', name: 'โรงเรียนบ้านพุย', network: 'เครือข่ายแม่แจ่ม 1', schoolType: 'government' },
    ]);
  });

  it('refuses a file without the code or name column, and names each bad row', () => {
    expect(directoryRowsFromTable([['ชื่อ', 'กลุ่ม'], ['ก', 'ข']])).toEqual({ ok: false, message: expect.stringContaining('ไม่พบหัวคอลัมน์ รหัสสถานศึกษา') });
    const t = directoryRowsFromTable([
      ['รหัสสถานศึกษา', 'ชื่อ', 'ประเภท'],
      ['50010001', 'โรงเรียน ก', 'รัฐบาล'],
      ['50010001', 'โรงเรียน ข', 'รัฐบาล'],
      ['5001/0003', 'โรงเรียน ค', 'รัฐบาล'],
      ['50010004', 'โรงเรียน ง', 'มูลนิธิ'],
    ]);
    const { issues } = checkImportRows(t.ok ? t.rows : []);
    expect(issues).toEqual([
      { line: 3, message: 'รหัสสถานศึกษา 50010001 ซ้ำกับบรรทัดที่ 2' },
      { line: 4, message: 'รหัสสถานศึกษาต้องเป็นตัวเลขหรือตัวอักษร ไม่เกิน 20 ตัว' },
      { line: 5, message: 'ประเภทต้องเป็น รัฐบาล หรือ เอกชน' },
    ]);
  });
});
