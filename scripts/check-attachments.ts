// npm run check:attachments -- --data-dir DIR [--sweep] [--grace-days 7]
// Rehashes every stored attachment against its SHA-256 and lists the missing and the damaged
// with the entries that use them (exit code 1 when any). --sweep also removes files no entry
// references once they are older than the grace period.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sweepAttachments, verifyAttachments } from '../src-main/attachments/service.js';
import { openCore } from '../src-main/core.js';
import { resolveDataDir } from '../src-main/dataDir.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    sweep: { type: 'boolean', default: false },
    'grace-days': { type: 'string', default: '7' },
  },
});
const graceDays = Number(values['grace-days']);
if (!Number.isInteger(graceDays) || graceDays < 1) {
  console.error(`grace-days ต้องเป็นจำนวนเต็มตั้งแต่ 1: ${values['grace-days']}`);
  process.exit(2);
}
const core = openCore({ dataDir: resolve(resolveDataDir(values['data-dir']).dir) });
try {
  const t0 = performance.now();
  const report = verifyAttachments(core.store, core.dataDir, new Date());
  const ms = performance.now() - t0;
  console.log(`ตรวจไฟล์แนบ ${report.checked} ไฟล์ใน ${(ms / 1000).toFixed(1)} วินาที: ปกติ ${report.okCount}, หาย ${report.missing.length}, เสียหาย ${report.damaged.length}`);
  for (const p of [...report.missing, ...report.damaged]) {
    const used = p.entries.map((e) => `${e.kind} ${e.registerNo}/${e.year} "${e.name}"`).join('; ') || 'ไม่มีรายการใช้';
    console.log(`  ${p.problem === 'missing' ? 'หาย     ' : 'เสียหาย '} ${p.sha256}  ${used}`);
  }
  if (values.sweep) {
    const s = sweepAttachments(core.store, core.dataDir, new Date(), graceDays);
    console.log(`ล้างไฟล์ที่ไม่มีรายการใช้: ลบ ${s.removedFiles} ไฟล์ (${(s.freedBytes / 1048576).toFixed(1)} MB), เก็บไว้ก่อน ${s.keptRecent} ไฟล์`);
  }
  if (report.missing.length + report.damaged.length > 0) process.exitCode = 1;
} finally {
  core.close();
}
