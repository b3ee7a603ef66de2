// ทำเนียบสถานศึกษา imported from the office's own PC (ตั้งค่าระบบ of the office app): the file goes
// through the desktop's reader and the shared column rules, then to the real server; the new
// schools come down to the office at once. A bad file changes nothing; only the admin may.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp } from '../support/core.js';
import { createOrg, enrol, startServer } from '../support/server/centralServer.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const csv = (text: string) => ({ name: 'ทำเนียบ.csv', base64: Buffer.from(text, 'utf8').toString('base64') });

describe('importing the school directory from the office app', () => {
  it('adds and updates schools from CSV and xlsx, refuses a bad file whole, and only for the admin', async () => {
    const s = await startServer();
    cleanup.push(() => s.kill());
    const { code } = await createOrg(s, 'สพป.เชียงใหม่ เขต 5', 'office');
    const office = openTestApp();
    cleanup.push(() => office.dispose());

    // Not yet connected to the server: said so, in Thai.
    const offline = await office.call('distribution.importDirectory', csv('รหัสสถานศึกษา,ชื่อ\n50010001,โรงเรียนบ้านห้วยปูลิง\n'));
    expect(offline).toMatchObject({ ok: false, error: { message: 'เครื่องนี้ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์' } });
    await enrol(office, s.url, code, 'เครื่องสารบรรณ สพป.');

    const bad = await office.call(
      'distribution.importDirectory',
      csv('\uFEFFรหัสสถานศึกษา,ชื่อ,กลุ่ม,ประเภท\r\n50010002,โรงเรียนบ้านแม่ตื่น,เครือข่ายอมก๋อย,รัฐบาล\r\n50010003,,เครือข่ายอมก๋อย,รัฐบาล\r\n'),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('บรรทัดที่ 3');
    const schools = async () => (await office.must('distribution.directory', { includeInactive: true })).filter((o) => o.kind === 'school');
    expect(await schools()).toEqual([]);

    const clerk = await office.asUser('clerk');
    const refused = await clerk.call('distribution.importDirectory', csv('รหัสสถานศึกษา,ชื่อ\n50010001,โรงเรียนบ้านห้วยปูลิง\n'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(await office.must('distribution.importDirectory', csv('รหัสสถานศึกษา,ชื่อ,กลุ่ม,ประเภท\n50010001,โรงเรียนบ้านห้วยปูลิง,เครือข่ายแม่แจ่ม 1,รัฐบาล\n'))).toEqual({
      added: 1,
      updated: 0,
      unchanged: 0,
    });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('schools');
    ws.addRow(['ประเภท', 'ชื่อ', 'รหัสสถานศึกษา', 'กลุ่ม']);
    ws.addRow(['รัฐบาล', 'โรงเรียนบ้านห้วยปูลิง (แก้ชื่อ)', '50010001', 'เครือข่ายแม่แจ่ม 1']);
    ws.addRow(['เอกชน', 'โรงเรียนดาราวิทยาลัย', '50010009', 'เอกชน อ.เมือง']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    expect(await office.must('distribution.importDirectory', { name: 'ทำเนียบ.xlsx', base64: xlsx })).toEqual({ added: 1, updated: 1, unchanged: 0 });

    // Pulled down at once: the compose form's list has them, with the new name.
    expect((await schools()).map((o) => [o.schoolCode, o.name, o.schoolType]).sort()).toEqual([
      ['50010001', 'โรงเรียนบ้านห้วยปูลิง (แก้ชื่อ)', 'government'],
      ['50010009', 'โรงเรียนดาราวิทยาลัย', 'private'],
    ]);
  });
});
