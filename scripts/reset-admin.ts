// npm run reset-admin -- --data-dir DIR [--user NAME]: the way back in when the office's admin
// forgot the password. It works only on the PC that holds the register (it opens the data
// folder directly), prints a new one-time password, and the audit trail records the reset.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../src-main/core.js';
import { defaultDataDir } from '../src-main/dataDir.js';
import { DomainError } from '../src-main/errors.js';
import { resetAdminPassword } from '../src-main/users/users.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, user: { type: 'string' } } });
const core = openCore({ dataDir: resolve(values['data-dir'] ?? defaultDataDir()) });
try {
  const r = await resetAdminPassword(core, values.user ?? null);
  console.log(`ตั้งรหัสผ่านใหม่ให้ผู้ดูแลระบบแล้ว`);
  console.log(`ชื่อผู้ใช้: ${r.username} (${r.displayName})`);
  console.log(`รหัสผ่านใหม่: ${r.password}`);
  console.log('เข้าสู่ระบบด้วยรหัสนี้ แล้วเปลี่ยนรหัสผ่านทันที');
} catch (e) {
  console.error(e instanceof DomainError ? e.message : e);
  process.exitCode = 1;
} finally {
  core.close();
}
