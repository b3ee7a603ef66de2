// Recovery of a damaged register: the small API the recovery screen uses while the register
// cannot be opened (restore the newest good backup, or export what can still be read). The
// start-up that chooses it lives in src-main/app.ts; after a restore it reopens the register
// there and switches to the normal API without a restart.
import type Database from 'better-sqlite3';
import { openSqlite } from '../db/sqlite.js';
import { existsSync, mkdirSync, renameSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract, isMethodName } from '../../src-shared/contract.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import type { RecoveryExport, RecoveryStatus, RestoreResult } from '../../src-shared/usersSchemas.js';
import type { Dispatch } from '../api/dispatch.js';
import type { Core } from '../core.js';
import { csvFile, type CsvValue } from '../csv.js';
import { appendAudit } from '../users/audit.js';
import { backupFile, listBackups, readPreview, restoreAttachments } from './backups.js';

export interface RecoveryOptions {
  dataDir: string;
  /** Why the register could not be opened (SQLite's words). */
  damage: () => string | null;
  /** Opens the restored register and starts its services; throws when it cannot. */
  reopen: () => void;
  core: () => Core | null;
  log: (e: unknown) => void;
}

export const DAMAGED_MESSAGE = 'ฐานข้อมูลทะเบียนเสียหาย กรุณากู้คืนจากชุดสำรองข้อมูลก่อนใช้งาน';

export function createRecoveryDispatch(opts: RecoveryOptions): Dispatch {
  const file = join(opts.dataDir, 'register.sqlite');
  const status = (): RecoveryStatus => ({ mode: 'recovery', detail: opts.damage(), backups: listBackups(opts.dataDir, { check: true }) });

  const restore = async (name: string | null): Promise<RestoreResult> => {
    const candidates = status().backups.filter((b) => b.good && (name === null || b.name === name));
    const chosen = candidates[0];
    if (!chosen) throw new Error(name ? 'ไม่พบชุดสำรองนี้ หรือชุดสำรองนี้เสียหาย' : 'ไม่พบชุดสำรองข้อมูลที่ใช้ได้');
    const source = backupFile(opts.dataDir, chosen.name);
    // The damaged file is kept aside, never deleted: someone may still read more from it.
    const stamp = localIsoTimestamp(new Date()).slice(0, 19).replace(/[-:]/g, '');
    const aside = `${file}.damaged-${stamp}`;
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    copyFileSync(source, file);
    try {
      opts.reopen();
    } catch {
      throw new Error('เปิดชุดสำรองที่กู้คืนไม่ได้ กรุณาเลือกชุดอื่น');
    }
    const core = opts.core();
    if (!core) throw new Error('เปิดชุดสำรองที่กู้คืนไม่ได้ กรุณาเลือกชุดอื่น');
    await restoreAttachments(opts.dataDir);
    const { preview } = readPreview(source);
    appendAudit(core.store, {
      action: 'restore',
      entity: 'backup',
      entityId: chosen.name,
      actor: 'ระบบกู้คืนข้อมูล',
      after: { restored: chosen.name, damagedFileKeptAs: aside, counts: preview.counts },
    });
    return { restored: chosen.name, safetyCopy: aside, preview };
  };

  return async (method, input): Promise<Result<unknown>> => {
    if (!isMethodName(method)) return fail('unknown_method', 'ไม่รู้จักคำสั่งนี้');
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) return fail('invalid_input', 'ข้อมูลไม่ถูกต้อง');
    try {
      switch (method) {
        case 'auth.status':
          return ok({ mode: 'recovery', needsSetup: false, user: null, idleMinutes: 15 });
        case 'recovery.status':
          return ok(status());
        case 'recovery.restore':
          return ok(await restore((parsed.data as { name: string | null }).name));
        case 'recovery.export':
          return ok(exportReadable(file, opts.dataDir));
        default:
          return fail('forbidden', DAMAGED_MESSAGE);
      }
    } catch (e) {
      opts.log(e);
      return fail('internal', e instanceof Error && /[\u0E00-\u0E7F]/.test(e.message) ? e.message : 'ทำรายการกู้คืนไม่สำเร็จ');
    }
  };
}

/** A stored value as a CSV cell (a BLOB as hex: it is never text the clerk typed). */
function salvageCell(v: unknown): CsvValue {
  if (Buffer.isBuffer(v)) return v.toString('hex');
  return v === null || typeof v === 'string' || typeof v === 'number' ? v : String(v);
}

/**
 * Reads what it can from a damaged register, row by row, and writes one CSV per table (UTF-8
 * with BOM) into <dataDir>/recovery-export-<time>/. A row that cannot be read is skipped.
 */
export function exportReadable(file: string, dataDir: string): RecoveryExport {
  const folder = join(dataDir, `recovery-export-${localIsoTimestamp(new Date()).slice(0, 19).replace(/[-:]/g, '')}`);
  mkdirSync(folder, { recursive: true });
  let db: Database.Database;
  try {
    db = openSqlite(file, { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
  } catch {
    throw new Error('อ่านไฟล์ฐานข้อมูลไม่ได้เลย กรุณากู้คืนจากชุดสำรองข้อมูล');
  }
  const files: string[] = [];
  let rows = 0;
  try {
    for (const table of ['entries', 'entry_versions', 'groups', 'people', 'contacts', 'books', 'users', 'audit_events']) {
      let columns: string[] = [];
      const lines: CsvValue[][] = [];
      try {
        columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'password_hash');
      } catch {
        continue;
      }
      if (columns.length === 0) continue;
      let maxRowid = 0;
      try {
        maxRowid = (db.prepare(`SELECT max(rowid) AS m FROM ${table}`).get() as { m: number | null }).m ?? 0;
      } catch {
        maxRowid = 1_000_000;
      }
      const one = db.prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE rowid = ?`);
      for (let rowid = 1; rowid <= maxRowid; rowid++) {
        try {
          const r = one.get(rowid) as Record<string, unknown> | undefined;
          if (r) {
            lines.push(columns.map((c) => salvageCell(r[c])));
            rows++;
          }
        } catch {
          // an unreadable page: skip the row, keep going
        }
      }
      const out = join(folder, `${table}.csv`);
      writeFileSync(out, csvFile(columns, lines));
      files.push(out);
    }
  } finally {
    db.close();
  }
  return { folder, files, rows };
}
