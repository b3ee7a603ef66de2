// The AMSS++ import: its preview (what will happen, nothing written) and its result, as the
// CLI prints them and the settings screen shows them.
import { z } from 'zod';
import type { RegisterKind } from './domain.js';

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

export const importSourceInput = z.object({
  /** A staged dump (uploaded in chunks) or a path on this PC. */
  stagedId: z.string().max(100).optional(),
  path: z.string().max(1000).optional(),
  filesRoot: z.string().max(1000).optional(),
  school: z.string().trim().max(15).optional(),
});
