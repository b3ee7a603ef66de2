// The preview and the result as Thai text, for the CLI (the settings screen lays out the same data).
import { REGISTER_LABELS } from '../../src-shared/domain.js';
import type { ImportPreview, ImportResult } from '../../src-shared/importSchemas.js';

const n = (x: number): string => x.toLocaleString('en-US');

export function previewLines(p: ImportPreview, maxProblems = 30): string[] {
  const out: string[] = [];
  out.push(`ไฟล์: ${p.file}${p.school ? `  โรงเรียนรหัส ${p.school}` : '  (ทะเบียนของสำนักงาน)'}`);
  out.push(`รวม ${n(p.totals.rows)} รายการ: จะนำเข้า ${n(p.totals.toImport)}, นำเข้าไว้แล้ว ${n(p.totals.alreadyImported)}, มีข้อสังเกต ${n(p.totals.problems)}`);
  for (const b of p.books) {
    out.push('');
    out.push(`${REGISTER_LABELS[b.kind].book} ปี ${b.year}: ${n(b.rows)} รายการ เลข ${b.minNo ?? '-'}–${b.maxNo ?? '-'}; จะนำเข้า ${n(b.toImport)}${b.alreadyImported ? `, มีแล้ว ${n(b.alreadyImported)}` : ''}`);
    if (b.blocked) out.push(`  ✗ ${b.blocked}`);
    if (b.gapCount) out.push(`  เลขที่ขาด ${n(b.gapCount)} เลข: ${b.gaps.join(', ')}${b.gaps.length >= 50 ? ' …' : ''}`);
    for (const d of b.duplicates) out.push(`  เลขซ้ำ ${d.registerNo}: ms_id ${d.msIds.join(', ')} (นำเข้าทุกแถว ทำเครื่องหมายว่าเลขซ้ำ ไม่เปลี่ยนเลข)`);
    if (b.cancelled) out.push(`  ยกเลิก ${n(b.cancelled)} รายการ`);
    if (b.secret) out.push(`  หนังสือลับ ${n(b.secret)} รายการ`);
    if (b.circulars) out.push(`  หนังสือเวียน (ว) ${n(b.circulars)} รายการ เลข ว สูงสุด ${b.highestCircular}`);
    out.push(`  ไฟล์แนบ: พบ ${n(b.filesFound)}, ไม่พบ ${n(b.filesMissing)}, ไม่ผ่านการตรวจ ${n(b.filesRefused)}`);
    out.push(`  หลังนำเข้า เลขถัดไป ${b.nextNo}${b.nextCircularNo !== null ? `, เลข ว ถัดไป ${b.nextCircularNo}` : ''}`);
    for (const pr of b.problems.slice(0, maxProblems)) out.push(`  - เลข ${pr.registerNo} (${pr.table} ms_id ${pr.msId}): ${pr.problem}`);
    if (b.problems.length > maxProblems) out.push(`  … และอีก ${n(b.problems.length - maxProblems)} ข้อ`);
  }
  out.push('');
  if (p.groups.length) out.push(`กลุ่มงาน: ${p.groups.map((g) => `${g.name} (${g.action === 'create' ? 'สร้างใหม่' : 'มีอยู่แล้ว'})`).join(', ')}`);
  if (p.unknownWorkgroups.length) out.push(`รหัสกลุ่มงานที่ไม่มีใน AMSS++ แล้ว: ${p.unknownWorkgroups.map((w) => `${w.code} (${n(w.rows)} รายการ)`).join(', ')} — นำเข้าโดยไม่ระบุกลุ่ม`);
  if (p.people.length) out.push(`ผู้ปฏิบัติ: ${p.people.map((x) => `${x.name}/${x.group} (${x.action === 'create' ? 'สร้างใหม่' : 'มีอยู่แล้ว'})`).join(', ')}`);
  if (p.officers.length) out.push(`ผู้ลงทะเบียน: ${p.officers.map((o) => `${o.name ?? `ไม่พบชื่อของ ${o.id}`} (${n(o.rows)})`).join(', ')}`);
  const f = p.files;
  out.push(f.filesRoot ? `ไฟล์แนบทั้งหมด: พบ ${n(f.found)}, ไม่พบ ${n(f.missing)}, ไม่ผ่านการตรวจ ${n(f.refused)} (โฟลเดอร์ ${f.filesRoot})` : 'ไม่ได้ระบุโฟลเดอร์ของ AMSS++ (--files): จะไม่นำเข้าไฟล์แนบ');
  if (p.schoolsInDump.length && !p.school) out.push(`ไฟล์นี้มีทะเบียนของโรงเรียนด้วย (รหัส ${p.schoolsInDump.map((s) => s.code).join(', ')}): นำเข้าของโรงเรียนด้วย --school รหัส`);
  return out;
}

export function resultLines(r: ImportResult): string[] {
  const out = [`นำเข้าแล้ว ${n(r.imported)} รายการ${r.failedBooks ? `, ไม่สำเร็จ ${r.failedBooks} เล่ม` : ''}`];
  for (const b of r.books) {
    const what = `${REGISTER_LABELS[b.kind].book} ปี ${b.year}`;
    if (b.error) out.push(`✗ ${what}: ${b.error}`);
    else out.push(`✓ ${what}: นำเข้า ${n(b.imported)} รายการ, ไฟล์ ${n(b.files)}${b.skipped ? `, ข้าม (มีแล้ว) ${n(b.skipped)}` : ''}; เลขถัดไป ${b.nextNo ?? '-'}${b.nextCircularNo !== null ? `, เลข ว ถัดไป ${b.nextCircularNo}` : ''}`);
  }
  return out;
}
