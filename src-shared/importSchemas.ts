// The AMSS++ import: its preview (what will happen, nothing written) and its result, as the
// CLI prints them and the settings screen shows them.
import { z } from 'zod';
import { REGISTER_KINDS, type RegisterKind } from './domain.js';

export interface ImportRowProblem {
  /** Where the row came from: table and ms_id, with its register number as AMSS++ had it. */
  table: string;
  msId: number;
  registerNo: number;
  problem: string;
}

export interface ImportBookPreview {
  kind: RegisterKind;
  year: number;
  rows: number;
  /** Rows already imported by an earlier run (same table and ms_id): skipped. */
  alreadyImported: number;
  /** Rows this run adds. */
  toImport: number;
  minNo: number | null;
  maxNo: number | null;
  /** Numbers missing between the lowest and the highest, as ranges "12-15". */
  gaps: string[];
  gapCount: number;
  /** Numbers AMSS++ gave to more than one row: all rows are kept, the extra ones flagged. */
  duplicates: { registerNo: number; msIds: number[] }[];
  cancelled: number;
  secret: number;
  circulars: number;
  highestCircular: number | null;
  filesFound: number;
  filesMissing: number;
  filesRefused: number;
  /** Next numbers after the import (main series and, for outgoing, the ว series). */
  nextNo: number;
  nextCircularNo: number | null;
  problems: ImportRowProblem[];
  /** The book cannot be imported (e.g. numbers already used by entries made in this program). */
  blocked: string | null;
}

export interface ImportPreview {
  file: string;
  school: string | null;
  books: ImportBookPreview[];
  tables: { table: string; rows: number }[];
  schoolsInDump: { code: string; rows: number }[];
  skippedRows: number;
  groups: { code: string; name: string; action: 'map' | 'create' }[];
  unknownWorkgroups: { code: string; rows: number }[];
  people: { name: string; group: string; action: 'map' | 'create' }[];
  officers: { id: string; name: string | null; rows: number }[];
  files: { found: number; missing: number; refused: number; missingList: string[]; refusedList: string[]; filesRoot: string | null };
  totals: { rows: number; toImport: number; alreadyImported: number; problems: number };
}

export interface ImportBookResult {
  kind: RegisterKind;
  year: number;
  imported: number;
  skipped: number;
  files: number;
  error: string | null;
  nextNo: number | null;
  nextCircularNo: number | null;
}

export interface ImportResult {
  runId: string;
  books: ImportBookResult[];
  imported: number;
  failedBooks: number;
}


// ---- the API (ตั้งค่าระบบ › นำเข้าข้อมูล): the dump goes up in chunks like an attachment; the
// AMSS++ folder (tens of thousands of files) is a path on this PC, typed by the admin, as the
// scan folder is. Preview and import run as background jobs with progress.
export const IMPORT_LIMITS = { chunkBytes: 1024 * 1024, maxDumpBytes: 4 * 1024 * 1024 * 1024 } as const;

const importId = z.string().regex(/^[0-9a-f-]{36}$/, 'รหัสไม่ถูกต้อง');

export const importUploadBeginInput = z.object({
  name: z.string().trim().min(1, 'กรุณาเลือกไฟล์').max(255, 'ชื่อไฟล์ยาวเกินไป').refine((n) => /\.(sql|gz|xls|xlsx|csv)$/i.test(n), 'เลือกไฟล์สำรองข้อมูลของ AMSS++ (.sql, .sql.gz) หรือไฟล์ทะเบียน (.xls, .xlsx, .csv)'),
  size: z.number('ขนาดไฟล์ไม่ถูกต้อง').int().min(1, 'ไฟล์ว่างเปล่า').max(IMPORT_LIMITS.maxDumpBytes, 'ไฟล์ใหญ่เกิน 4 GB'),
});
export const importUploadChunkInput = z.object({
  uploadId: importId,
  offset: z.number().int().min(0),
  data: z.string().max(Math.ceil(IMPORT_LIMITS.chunkBytes / 3) * 4 + 4, 'ส่งข้อมูลครั้งละมากเกินไป'),
});
export const importUploadFinishInput = z.object({ uploadId: importId });
export const importStartInput = z.object({
  dumpId: importId,
  /** The AMSS++ folder on this PC (with modules/bookregister/upload_files1 …); empty: no files. */
  filesRoot: z.string().trim().max(1000, 'ที่อยู่โฟลเดอร์ยาวเกินไป').default(''),
  school: z.string().trim().max(15, 'รหัสโรงเรียนยาวเกินไป').regex(/^[0-9A-Za-z]*$/, 'รหัสโรงเรียนเป็นตัวเลขหรือตัวอักษรเท่านั้น').default(''),
  /** Which register a sheet (.xls/.xlsx/.csv) holds; a dump names its own. */
  kind: z.enum(REGISTER_KINDS, 'ชนิดทะเบียนไม่ถูกต้อง').default('incoming'),
});
export const importJobInput = z.object({ jobId: importId });

export interface ImportUploaded {
  dumpId: string;
  name: string;
  size: number;
}

export type ImportJobStatus =
  | { state: 'running'; phase: 'read' | 'plan' | 'import'; done: number; total: number }
  | { state: 'previewed'; preview: ImportPreview }
  | { state: 'imported'; preview: ImportPreview; result: ImportResult }
  | { state: 'failed'; message: string };
