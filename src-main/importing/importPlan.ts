// The import plan: what the AMSS++ rows become in this register, worked out against what the
// register already holds. The preview (dry run) is this plan's summary; the import carries it
// out. Building it writes nothing.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileNameProblem } from '../../src-shared/attachmentSchemas.js';
import { REGISTER_LABELS, type RegisterKind } from '../../src-shared/domain.js';
import type { ImportBookPreview, ImportPreview, ImportRowProblem } from '../../src-shared/importSchemas.js';
import { checkFileType } from '../attachments/magic.js';
import type { Store } from '../db/store.js';
import { specOf } from './amssTables.js';
import type { AmssData, SourceRow } from './amssSource.js';

export interface PlannedFile {
  path: string;
  name: string;
  description: string;
  mimeType: string;
}

export interface PlannedRow {
  source: SourceRow;
  key: string;
  /** Another row (earlier in AMSS++, or imported before) already has this number. */
  duplicate: boolean;
  /** The circular number is taken by another row of the book: kept in the document number only. */
  circularNo: number | null;
  groupName: string | null;
  personName: string | null;
  registeredBy: string;
  files: PlannedFile[];
  problems: string[];
}

export interface PlannedBook {
  kind: RegisterKind;
  year: number;
  rows: PlannedRow[];
  preview: ImportBookPreview;
}

export interface ImportPlan {
  books: PlannedBook[];
  preview: ImportPreview;
}

export const sourceKey = (table: string, msId: number): string => `amss:${table}:${msId}`;
const MAX_FILES = 5;
const LIST_CAP = 200;
const NO_PROBLEMS: string[] = [];
// Shared by the rows that have none: 100,000 empty arrays are memory for nothing.
const NO_FILES: PlannedFile[] = [];

interface Ctx {
  filesRoot: string | null;
  found: number;
  missing: number;
  refused: number;
  missingList: string[];
  refusedList: string[];
}

function locate(ctx: Ctx, dirs: string[], fileName: string, problems: string[]): PlannedFile | null {
  if (!ctx.filesRoot) return null;
  const bare = fileName.split(/[\\/]/).pop() ?? '';
  if (!bare || bare !== fileName || fileNameProblem(bare) !== null) {
    problems.push(`ชื่อไฟล์ "${fileName}" ใช้ไม่ได้: ไม่นำเข้าไฟล์นี้`);
    ctx.refused++;
    if (ctx.refusedList.length < LIST_CAP) ctx.refusedList.push(fileName);
    return null;
  }
  for (const dir of dirs) {
    const path = resolve(ctx.filesRoot, dir, bare);
    if (!existsSync(path) || !statSync(path).isFile()) continue;
    const type = checkFileType(path, bare);
    if (!type.ok) {
      problems.push(`${type.message}: ไม่นำเข้าไฟล์นี้`);
      ctx.refused++;
      if (ctx.refusedList.length < LIST_CAP) ctx.refusedList.push(join(dir, bare));
      return null;
    }
    ctx.found++;
    return { path, name: bare, description: '', mimeType: type.mimeType };
  }
  problems.push(`ไม่พบไฟล์ ${bare} ในโฟลเดอร์ของ AMSS++`);
  ctx.missing++;
  if (ctx.missingList.length < LIST_CAP) ctx.missingList.push(join(dirs[0] ?? '', bare));
  return null;
}

function filesOf(data: AmssData, ctx: Ctx, r: SourceRow, problems: string[]): PlannedFile[] {
  const spec = specOf(r.table);
  if (!spec) return [];
  let list: { fileName: string; description: string }[] = [];
  let dirs = spec.dirs;
  if (r.kind === 'incoming' && r.bookLink === 1) {
    list = data.files.get('book_filebook')?.get(r.refId) ?? [];
    dirs = ['modules/book/upload_files', ...spec.dirs];
  } else if (r.kind === 'incoming' && r.bookLink === 2) {
    list = data.files.get('bookregister_send_filebook_sch')?.get(r.refId) ?? [];
    dirs = ['modules/bookregister/upload_files2', ...spec.dirs];
  } else if (spec.fileTable) {
    list = r.refId ? (data.files.get(spec.fileTable)?.get(r.refId) ?? []) : [];
  } else if (r.ownFile) {
    list = [{ fileName: r.ownFile, description: '' }];
  }
  if (list.length === 0) return NO_FILES;
  if (list.length > MAX_FILES) problems.push(`มีไฟล์ ${list.length} ไฟล์ เกิน ${MAX_FILES}: นำเข้า ${MAX_FILES} ไฟล์แรก`);
  const out: PlannedFile[] = [];
  for (const f of list.slice(0, MAX_FILES)) {
    const found = locate(ctx, dirs, f.fileName, problems);
    if (found) out.push({ ...found, description: f.description });
  }
  return out;
}

function ranges(sorted: number[]): { list: string[]; count: number } {
  const list: string[] = [];
  let count = 0;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as number;
    const b = sorted[i] as number;
    if (b - a > 1) {
      count += b - a - 1;
      if (list.length < 50) list.push(b - a === 2 ? String(a + 1) : `${a + 1}-${b - 1}`);
    }
  }
  return { list, count };
}

interface ExistingBook {
  id: number;
  nextNo: number;
  nextCircularNo: number;
}

export interface Planner {
  /** Plans the books these rows belong to; every row of a book must be in the one call. */
  planBooks(rows: SourceRow[]): PlannedBook[];
  /** The whole preview, from the books' previews (and what the planner gathered on the way). */
  preview(books: ImportBookPreview[]): ImportPreview;
}

/**
 * Plans book by book, so a dump's rows need not all be held at once: the import streams a
 * table's rows in, plans its books, carries them out and lets them go before the next table.
 */
export function createPlanner(store: Store, data: AmssData, opts: { file: string; school: string | null; filesRoot: string | null }): Planner {
  const ctx: Ctx = { filesRoot: opts.filesRoot ? resolve(opts.filesRoot) : null, found: 0, missing: 0, refused: 0, missingList: [], refusedList: [] };
  const imported = new Set(store.raw<{ source_key: string }>("SELECT source_key FROM import_sources WHERE source_key LIKE 'amss:%'").map((r) => r.source_key));
  const groupsByName = new Map(store.raw<{ id: number; name: string }>('SELECT id, name FROM groups').map((g) => [g.name, g.id]));
  const peopleKeys = new Set(store.raw<{ name: string; group_name: string }>('SELECT p.name, g.name AS group_name FROM people p JOIN groups g ON g.id = p.group_id').map((p) => `${p.group_name}\u0000${p.name}`));

  const groups = new Map<string, { code: string; name: string; action: 'map' | 'create' }>();
  const unknownWorkgroups = new Map<string, number>();
  const people = new Map<string, { name: string; group: string; action: 'map' | 'create' }>();
  const officers = new Map<string, { id: string; name: string | null; rows: number }>();
  const officerLabels = new Map<string, string>();

  function planBooks(all: SourceRow[]): PlannedBook[] {
    const byBook = new Map<string, SourceRow[]>();
    for (const r of all) {
      const k = `${r.kind}:${r.year}`;
      const list = byBook.get(k);
      if (list) list.push(r);
      else byBook.set(k, [r]);
    }

    const books: PlannedBook[] = [];
    const order: RegisterKind[] = ['incoming', 'outgoing', 'order', 'certificate'];
    const keys = [...byBook.keys()].sort((a, b) => {
      const [ka, ya] = a.split(':');
      const [kb, yb] = b.split(':');
      return Number(ya) - Number(yb) || order.indexOf(ka as RegisterKind) - order.indexOf(kb as RegisterKind);
    });
    for (const k of keys) {
      const rows = (byBook.get(k) as SourceRow[]).sort((a, b) => a.registerNo - b.registerNo || a.msId - b.msId);
      const first = rows[0] as SourceRow;
      const { kind, year } = first;
      const label = REGISTER_LABELS[kind].book;
      const book = store.raw<ExistingBook>('SELECT id, next_no AS nextNo, next_circular_no AS nextCircularNo FROM books WHERE kind = ? AND year = ?', [kind, year])[0];
      // Numbers this register already uses: imported ones (a rerun) and ones made in this program.
      const used = new Map<number, 'import' | 'native'>();
      const usedCirculars = new Set<number>();
      if (book) {
        for (const e of store.raw<{ register_no: number; circular_no: number | null; imported: number }>(
          'SELECT e.register_no, e.circular_no, EXISTS (SELECT 1 FROM import_sources s WHERE s.entry_id = e.id) AS imported FROM entries e WHERE e.book_id = ?',
          [book.id],
        )) {
          used.set(e.register_no, e.imported ? 'import' : 'native');
          if (e.circular_no !== null) usedCirculars.add(e.circular_no);
        }
      }
      const problems: ImportRowProblem[] = [];
      const planned: PlannedRow[] = [];
      const numbers: number[] = [];
      const dupMap = new Map<number, number[]>();
      const clash: number[] = [];
      let already = 0;
      let cancelled = 0;
      let secret = 0;
      let circulars = 0;
      let highestCircular: number | null = null;
      const before = { found: ctx.found, missing: ctx.missing, refused: ctx.refused };
      let previous: number | null = null;
      for (const r of rows) {
        if (numbers.length === 0 || numbers[numbers.length - 1] !== r.registerNo) numbers.push(r.registerNo);
        const key = sourceKey(r.table, r.msId);
        const rowProblems = [...r.problems];
        const dupInDump = previous === r.registerNo;
        previous = r.registerNo;
        if (r.cancelReason !== null) cancelled++;
        if (r.secrecy !== 'none') secret++;
        if (r.circularNo !== null) {
          circulars++;
          highestCircular = Math.max(highestCircular ?? 0, r.circularNo);
        }
        if (imported.has(key)) {
          already++;
          continue;
        }
        const owner = used.get(r.registerNo);
        if (owner === 'native') clash.push(r.registerNo);
        const duplicate = dupInDump || owner === 'import';
        if (duplicate) rowProblems.push(`เลขทะเบียน ${r.registerNo} ซ้ำกับรายการอื่นใน AMSS++: นำเข้าตามเลขเดิมและทำเครื่องหมายว่าเลขซ้ำ`);
        used.set(r.registerNo, 'import');
        let circularNo = r.circularNo;
        if (circularNo !== null) {
          if (usedCirculars.has(circularNo)) {
            rowProblems.push(`เลข ว ${circularNo} ซ้ำกับรายการอื่น: เก็บไว้ในเลขที่หนังสือเท่านั้น`);
            circularNo = null;
          } else usedCirculars.add(circularNo);
        }
        // Work group and the person to act.
        let groupName: string | null = null;
        if (r.workgroup !== null) {
          const name = data.workgroups.get(r.workgroup);
          if (name) {
            groupName = name;
            if (!groups.has(name)) groups.set(name, { code: r.workgroup, name, action: groupsByName.has(name) ? 'map' : 'create' });
          } else {
            unknownWorkgroups.set(r.workgroup, (unknownWorkgroups.get(r.workgroup) ?? 0) + 1);
            rowProblems.push(`กลุ่มงานรหัส ${r.workgroup} ไม่มีใน AMSS++ แล้ว: นำเข้าโดยไม่ระบุกลุ่ม`);
          }
        }
        let personName: string | null = null;
        if (r.operation) {
          if (groupName && r.operation.length <= 100) {
            personName = r.operation;
            const pk = `${groupName}\u0000${personName}`;
            if (!people.has(pk)) people.set(pk, { name: personName, group: groupName, action: peopleKeys.has(pk) ? 'map' : 'create' });
          }
        }
        // Who registered it.
        let registeredBy = 'AMSS++';
        if (r.officer) {
          const name = data.people.get(r.officer) ?? null;
          const o = officers.get(r.officer) ?? { id: r.officer, name, rows: 0 };
          o.rows++;
          officers.set(r.officer, o);
          let label = officerLabels.get(r.officer);
          if (label === undefined) officerLabels.set(r.officer, (label = name ? `${name} (AMSS++)` : `AMSS++ ผู้ใช้ ${r.officer}`));
          registeredBy = label;
        }
        if (r.kind === 'certificate' && r.signer) r.signer = data.certificateSigners.get(r.signer) ?? r.signer;
        // The sending module's urgency and secrecy for letters that came through it.
        if (r.bookLink === 1) {
          const bm = data.bookMain.get(r.refId);
          if (bm) {
            const levels = ['normal', 'urgent', 'very_urgent', 'most_urgent'] as const;
            const u = bm.level === null ? undefined : levels[bm.level - 1];
            if (u) r.urgency = u;
            else if (bm.level !== null) rowProblems.push(`ระดับความเร่งด่วน ${bm.level} ไม่รู้จัก: นำเข้าเป็น "ปกติ"`);
            if (bm.secret >= 1) r.secrecy = 'secret';
          }
        }
        const files = filesOf(data, ctx, r, rowProblems);
        for (const p of rowProblems) problems.push({ table: r.table, msId: r.msId, registerNo: r.registerNo, problem: p });
        planned.push({ source: r, key, duplicate, circularNo, groupName, personName, registeredBy, files, problems: rowProblems.length ? rowProblems : NO_PROBLEMS });
      }
      for (const r of rows) dupMap.set(r.registerNo, [...(dupMap.get(r.registerNo) ?? []), r.msId]);
      for (const [no, ids] of dupMap) if (ids.length < 2) dupMap.delete(no);
      const uniqueNos = numbers;
      const gaps = ranges(uniqueNos);
      const maxNo = uniqueNos.length ? (uniqueNos[uniqueNos.length - 1] as number) : null;
      const nextNo = Math.max(book?.nextNo ?? 1, (maxNo ?? 0) + 1);
      const nextCircularNo = kind === 'outgoing' ? Math.max(book?.nextCircularNo ?? 1, (highestCircular ?? 0) + 1) : null;
      const clashes = [...new Set(clash)];
      const blocked =
        clashes.length > 0
          ? `${label} ปี ${year} มีรายการที่ลงในโปรแกรมนี้แล้วซึ่งใช้เลข ${clashes.slice(0, 10).join(', ')}${clashes.length > 10 ? ' …' : ''} ตรงกับ AMSS++ จึงนำเข้าเล่มนี้ไม่ได้`
          : year < 2400 || year > 2700
            ? `${label} ปี "${year}" ไม่ใช่ปี พ.ศ. ที่ถูกต้อง จึงนำเข้าเล่มนี้ไม่ได้`
            : null;
      books.push({
        kind,
        year,
        rows: planned,
        preview: {
          kind,
          year,
          rows: rows.length,
          alreadyImported: already,
          toImport: blocked ? 0 : planned.length,
          minNo: uniqueNos[0] ?? null,
          maxNo,
          gaps: (uniqueNos[0] ?? 1) > 1 ? [`1-${(uniqueNos[0] as number) - 1} (ก่อนเลขแรก)`, ...gaps.list] : gaps.list,
          gapCount: gaps.count + Math.max(0, (uniqueNos[0] ?? 1) - 1),
          duplicates: [...dupMap.entries()].map(([registerNo, msIds]) => ({ registerNo, msIds })),
          cancelled,
          secret,
          circulars,
          highestCircular,
          filesFound: ctx.found - before.found,
          filesMissing: ctx.missing - before.missing,
          filesRefused: ctx.refused - before.refused,
          nextNo,
          nextCircularNo,
          problems,
          blocked,
        },
      });
    }

    return books;
  }

  function preview(previews: ImportBookPreview[]): ImportPreview {
    return {
      file: opts.file,
      school: opts.school,
      books: previews,
      tables: [...data.tableRows.entries()].map(([table, rows]) => ({ table, rows })).sort((a, b) => a.table.localeCompare(b.table)),
      schoolsInDump: [...data.schoolsInDump.entries()].map(([code, rows]) => ({ code, rows })),
      skippedRows: data.skipped,
      groups: [...groups.values()],
      unknownWorkgroups: [...unknownWorkgroups.entries()].map(([code, rows]) => ({ code, rows })),
      people: [...people.values()],
      officers: [...officers.values()],
      files: { found: ctx.found, missing: ctx.missing, refused: ctx.refused, missingList: ctx.missingList, refusedList: ctx.refusedList, filesRoot: ctx.filesRoot },
      totals: {
        rows: previews.reduce((n, b) => n + b.rows, 0),
        toImport: previews.reduce((n, b) => n + b.toImport, 0),
        alreadyImported: previews.reduce((n, b) => n + b.alreadyImported, 0),
        problems: previews.reduce((n, b) => n + b.problems.length, 0),
      },
    };
  }

  return { planBooks, preview };
}

/** Works out the whole import at once (a sheet, or a caller that wants the plan); writes nothing. */
export function buildPlan(store: Store, data: AmssData, opts: { file: string; school: string | null; filesRoot: string | null }): ImportPlan {
  const planner = createPlanner(store, data, opts);
  const books = planner.planBooks(data.rows);
  return { books, preview: planner.preview(books.map((b) => b.preview)) };
}
