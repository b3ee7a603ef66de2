// npm run import -- amss --data-dir DIR --dump FILE.sql[.gz] [--files AMSS_ROOT] [--school CODE] [--dry-run]
// Exit 0: done (or previewed); 1: some register book failed (named, left as it was); 2: bad input.
import { resolve } from 'node:path';
import type { RegisterKind } from '../src-shared/domain.js';
import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR, openCore } from '../src-main/core.js';
import { defaultDataDir } from '../src-main/dataDir.js';
import { DomainError } from '../src-main/errors.js';
import { previewAmssImport, runAmssImport } from '../src-main/importing/amssImport.js';
import { previewLines, resultLines } from '../src-main/importing/previewText.js';

const USAGE = `นำเข้าทะเบียนจาก AMSS++

  npm run import -- amss --data-dir โฟลเดอร์ข้อมูล --dump ไฟล์.sql [--files โฟลเดอร์AMSS] [--school รหัส] [--kind ทะเบียน] [--dry-run]

  --dump      ไฟล์สำรองข้อมูลของ AMSS++ จาก phpMyAdmin หรือ mysqldump (.sql หรือ .sql.gz)
  --files     โฟลเดอร์ที่ติดตั้ง AMSS++ (ที่มี modules/bookregister/upload_files1 …) เพื่อนำเข้าไฟล์แนบ
  --school    รหัสโรงเรียน: นำเข้าทะเบียนของโรงเรียนนั้น (ตาราง _sch) แทนทะเบียนของสำนักงาน
  --kind      เมื่อ --dump เป็นไฟล์ทะเบียน (.xls ที่ส่งออกจาก AMSS++, .xlsx, .csv): incoming (รับ, ค่าเริ่มต้น),
              outgoing (ส่ง), order (คำสั่ง) หรือ certificate (เกียรติบัตร)
  --dry-run   แสดงผลการตรวจ (จำนวน เลขที่ขาด เลขซ้ำ ไฟล์ กลุ่มงาน) โดยไม่บันทึกอะไร
  --data-dir  โฟลเดอร์ข้อมูลของ Saraban Desk (ค่าเริ่มต้น: โฟลเดอร์ของโปรแกรม)

นำเข้าซ้ำได้: รายการที่นำเข้าแล้วจะไม่ถูกเพิ่มซ้ำ ไฟล์ที่ใหม่กว่าจะเพิ่มเฉพาะรายการใหม่`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      dump: { type: 'string' },
      files: { type: 'string' },
      school: { type: 'string' },
      kind: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals[0] !== 'amss' || !values.dump) {
  console.error(`${positionals[0] && positionals[0] !== 'amss' ? `ไม่รู้จักระบบ "${positionals[0]}" (รองรับ amss)` : 'ต้องระบุ amss และ --dump'}\n\n${USAGE}`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
const KINDS: Record<string, RegisterKind> = { incoming: 'incoming', outgoing: 'outgoing', order: 'order', certificate: 'certificate', รับ: 'incoming', ส่ง: 'outgoing', คำสั่ง: 'order', เกียรติบัตร: 'certificate' };
const kind = values.kind === undefined ? undefined : KINDS[values.kind];
if (values.kind !== undefined && !kind) {
  console.error(`ไม่รู้จักทะเบียน "${values.kind}" (incoming, outgoing, order, certificate)\n\n${USAGE}`);
  process.exit(2);
}
const src = { dump: resolve(values.dump), filesRoot: values.files ? resolve(values.files) : null, school: values.school?.trim() || null, kind };
const core = openCore({ dataDir });
let lastShown = 0;
const progress = (p: { phase: string; done: number; total: number }): void => {
  const now = Date.now();
  if (now - lastShown < 1000 && p.done < p.total) return;
  lastShown = now;
  const label = p.phase === 'read' ? 'อ่านไฟล์' : p.phase === 'plan' ? 'ตรวจข้อมูล' : 'นำเข้า';
  process.stderr.write(`${label} ${p.total ? Math.floor((p.done / p.total) * 100) : 100}%\n`);
};
try {
  if (values['dry-run']) {
    const preview = await previewAmssImport(core.store, src, progress);
    console.log(previewLines(preview).join('\n'));
    console.log('\n(ตรวจอย่างเดียว ยังไม่ได้บันทึกข้อมูล)');
  } else {
    const ctx = { store: core.store, dataDir, deviceId: core.deviceId, actor: `${SYSTEM_ACTOR} (นำเข้าจาก AMSS++ ทางบรรทัดคำสั่ง)`, now: new Date() };
    const { preview, result } = await runAmssImport(ctx, src, progress);
    console.log(previewLines(preview, 10).join('\n'));
    console.log('');
    console.log(resultLines(result).join('\n'));
    if (result.failedBooks > 0) process.exitCode = 1;
  }
} catch (e) {
  console.error(e instanceof DomainError ? e.message : `นำเข้าไม่สำเร็จ: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
} finally {
  core.close();
}
