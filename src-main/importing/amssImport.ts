// The AMSS++ import as the CLI and the settings screen run it: read the dump (streamed),
// plan against this register, then either show the preview or carry the plan out.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ImportPreview, ImportResult } from '../../src-shared/importSchemas.js';
import type { Store } from '../db/store.js';
import { DomainError } from '../errors.js';
import type { RegisterKind } from '../../src-shared/domain.js';
import { readAmssDump } from './amssSource.js';
import { isSheetFile, readSheet } from './sheetSource.js';
import { applyPlan, type ApplyContext } from './importApply.js';
import { buildPlan, type ImportPlan } from './importPlan.js';
import { DumpError } from './sqlDump.js';

export interface ImportSource {
  /** A dump (.sql, .sql.gz), or a sheet (.xls HTML export, .xlsx, .csv) of one register. */
  dump: string;
  filesRoot: string | null;
  school: string | null;
  /** The register a sheet holds (a dump says it itself). */
  kind?: RegisterKind;
}

export interface ImportProgress {
  phase: 'read' | 'plan' | 'import';
  done: number;
  total: number;
}

function checkSource(src: ImportSource): void {
  if (!existsSync(src.dump) || !statSync(src.dump).isFile()) throw new DomainError('invalid_input', `ไม่พบไฟล์สำรองข้อมูล ${src.dump}`);
  if (src.filesRoot !== null && (!existsSync(src.filesRoot) || !statSync(src.filesRoot).isDirectory())) {
    throw new DomainError('invalid_input', `ไม่พบโฟลเดอร์ของ AMSS++ ${src.filesRoot}`);
  }
}

export async function planAmssImport(store: Store, src: ImportSource, onProgress?: (p: ImportProgress) => void): Promise<ImportPlan> {
  checkSource(src);
  let data;
  try {
    data = isSheetFile(src.dump)
      ? await readSheet(resolve(src.dump), src.kind ?? 'incoming')
      : await readAmssDump(resolve(src.dump), src.school, (done, total) => onProgress?.({ phase: 'read', done, total }));
  } catch (e) {
    if (e instanceof DumpError) throw new DomainError('invalid_input', `อ่านไฟล์ไม่ได้: ${e.message} (ยังไม่ได้นำเข้าข้อมูลใด ๆ)`);
    throw e;
  }
  if (data.rows.length === 0) {
    const schools = [...data.schoolsInDump.keys()].filter(Boolean);
    const hint = src.school === null && schools.length > 0 ? ` ไฟล์นี้มีทะเบียนของโรงเรียนรหัส ${schools.join(', ')} กรุณาระบุรหัสโรงเรียน` : '';
    throw new DomainError('invalid_input', `ไม่พบข้อมูลทะเบียนของ AMSS++ ในไฟล์นี้${src.school ? ` สำหรับโรงเรียนรหัส ${src.school}` : ''}${hint}`);
  }
  onProgress?.({ phase: 'plan', done: 0, total: data.rows.length });
  return buildPlan(store, data, { file: src.dump, school: src.school, filesRoot: src.filesRoot });
}

export async function previewAmssImport(store: Store, src: ImportSource, onProgress?: (p: ImportProgress) => void): Promise<ImportPreview> {
  return (await planAmssImport(store, src, onProgress)).preview;
}

export async function runAmssImport(ctx: ApplyContext, src: ImportSource, onProgress?: (p: ImportProgress) => void): Promise<{ preview: ImportPreview; result: ImportResult }> {
  const plan = await planAmssImport(ctx.store, src, onProgress);
  const result = await applyPlan(ctx, plan, { file: src.dump, school: src.school, onProgress: (done, total) => onProgress?.({ phase: 'import', done, total }) });
  return { preview: plan.preview, result };
}
