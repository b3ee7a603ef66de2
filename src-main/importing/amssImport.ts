// The AMSS++ import as the CLI and the settings screen run it: read the dump (streamed),
// plan against this register, then either show the preview or carry the plan out.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ImportBookPreview, ImportPreview, ImportResult } from '../../src-shared/importSchemas.js';
import type { Store } from '../db/store.js';
import { DomainError } from '../errors.js';
import type { RegisterKind } from '../../src-shared/domain.js';
import { readAmssDump, readAmssLookups, streamAmssRows, type AmssData } from './amssSource.js';
import { isSheetFile, readSheet } from './sheetSource.js';
import { applyPlan, startRun, type ApplyContext, type ImportRun } from './importApply.js';
import { buildPlan, createPlanner, type ImportPlan, type PlannedBook } from './importPlan.js';
import { DumpError } from './sqlDump.js';
import { withTightHeap } from './tightHeap.js';

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

function noRows(data: AmssData, src: ImportSource): DomainError {
  const schools = [...data.schoolsInDump.keys()].filter(Boolean);
  const hint = src.school === null && schools.length > 0 ? ` ไฟล์นี้มีทะเบียนของโรงเรียนรหัส ${schools.join(', ')} กรุณาระบุรหัสโรงเรียน` : '';
  return new DomainError('invalid_input', `ไม่พบข้อมูลทะเบียนของ AMSS++ ในไฟล์นี้${src.school ? ` สำหรับโรงเรียนรหัส ${src.school}` : ''}${hint}`);
}

async function readOrExplain<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof DumpError) throw new DomainError('invalid_input', `อ่านไฟล์ไม่ได้: ${e.message} (ยังไม่ได้นำเข้าข้อมูลใด ๆ)`);
    throw e;
  }
}

const KIND_ORDER: RegisterKind[] = ['incoming', 'outgoing', 'order', 'certificate'];
/** Books by year, then register, as the whole-plan preview lists them. */
const byBook = (a: { kind: RegisterKind; year: number }, b: { kind: RegisterKind; year: number }): number =>
  a.year - b.year || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);

/**
 * A dump in two streaming passes: the lookups first, then the register rows a table at a time,
 * each book planned (and, for an import, carried out) once its last row is read and let go,
 * so memory holds about one book's rows, never the dump's. `apply` gets each planned book.
 */
async function streamDump(
  store: Store,
  src: ImportSource,
  onProgress: ((p: ImportProgress) => void) | undefined,
  phase: 'plan' | 'import',
  apply?: (books: PlannedBook[]) => void,
): Promise<ImportPreview> {
  const path = resolve(src.dump);
  const lookups = await readOrExplain(() => readAmssLookups(path, src.school, (done, total) => onProgress?.({ phase: 'read', done, total })));
  const { data } = lookups;
  const planner = createPlanner(store, data, { file: src.dump, school: src.school, filesRoot: src.filesRoot });
  const previews: ImportBookPreview[] = [];
  const rows = await readOrExplain(() =>
    streamAmssRows(
      path,
      src.school,
      lookups,
      (bookRows) => {
        const books = planner.planBooks(bookRows);
        for (const b of books) previews.push(b.preview);
        apply?.(books);
      },
      (done, total) => onProgress?.({ phase, done, total }),
    ),
  );
  if (rows === 0) throw noRows(data, src);
  return planner.preview(previews.sort(byBook));
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
  if (data.rows.length === 0) throw noRows(data, src);
  onProgress?.({ phase: 'plan', done: 0, total: data.rows.length });
  return buildPlan(store, data, { file: src.dump, school: src.school, filesRoot: src.filesRoot });
}

export async function previewAmssImport(store: Store, src: ImportSource, onProgress?: (p: ImportProgress) => void): Promise<ImportPreview> {
  if (isSheetFile(src.dump)) return (await planAmssImport(store, src, onProgress)).preview;
  checkSource(src);
  return withTightHeap(() => streamDump(store, src, onProgress, 'plan'));
}

export function runAmssImport(ctx: ApplyContext, src: ImportSource, onProgress?: (p: ImportProgress) => void): Promise<{ preview: ImportPreview; result: ImportResult }> {
  return withTightHeap(() => runImport(ctx, src, onProgress));
}

async function runImport(ctx: ApplyContext, src: ImportSource, onProgress?: (p: ImportProgress) => void): Promise<{ preview: ImportPreview; result: ImportResult }> {
  if (isSheetFile(src.dump)) {
    const plan = await planAmssImport(ctx.store, src, onProgress);
    const result = await applyPlan(ctx, plan, { file: src.dump, school: src.school, onProgress: (done, total) => onProgress?.({ phase: 'import', done, total }) });
    return { preview: plan.preview, result };
  }
  checkSource(src);
  // The run starts with the first table that has rows: a dump without any writes nothing.
  let run: ImportRun | null = null;
  const preview = await streamDump(ctx.store, src, onProgress, 'import', (books) => {
    run ??= startRun(ctx, { file: src.dump, school: src.school, rows: 'streamed: totals at import.finish' });
    run.applyBooks(books);
  });
  // streamDump throws when no rows were kept, so a table was applied and the run started.
  const started = run as ImportRun | null;
  if (!started) throw new Error('import run never started');
  const result = started.finish(preview.totals);
  result.books.sort(byBook);
  return { preview, result };
}
