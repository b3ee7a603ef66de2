// npm run check:audit -- --data-dir DIR: verifies the audit trail's hash chain without opening
// the register for work (read-only, no migration). Exit 0: intact; 1: the first break is printed;
// 2: the register cannot be read.
import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../src-main/dataDir.js';
import { verifyAuditDb } from '../src-main/users/audit.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const file = join(resolve(resolveDataDir(values['data-dir']).dir), 'register.sqlite');
let db: Database.Database;
try {
  db = new Database(file, { readonly: true, fileMustExist: true });
} catch (e) {
  console.error(`เปิดไฟล์ทะเบียนไม่ได้: ${file} (${e instanceof Error ? e.message : String(e)})`);
  process.exit(2);
}
try {
  const r = verifyAuditDb(db);
  if (r.ok) {
    console.log(`บันทึกการใช้งานถูกต้องครบถ้วน: ตรวจ ${r.checked} รายการ (${file})`);
  } else {
    console.error(`พบจุดที่ถูกแก้ไข: ${r.firstBreak?.reason ?? ''} (ตรวจผ่าน ${r.checked} รายการก่อนหน้า)`);
    process.exitCode = 1;
  }
} catch (e) {
  console.error(`อ่านบันทึกการใช้งานไม่ได้: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
} finally {
  db.close();
}
