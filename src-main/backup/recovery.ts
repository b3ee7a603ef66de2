// Start-up with recovery: when the register cannot be opened (damaged or unreadable), the app
// does not crash and does not start on an empty register; it answers a small recovery API
// (restore the newest good backup, or export what can still be read) and the renderer shows
// the recovery screen. After a restore it switches to the normal API without a restart.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract, isMethodName } from '../../src-shared/contract.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import type { RecoveryExport, RecoveryStatus, RestoreResult } from '../../src-shared/usersSchemas.js';
import { createDispatch, type CallerChannel, type Dispatch } from '../api/dispatch.js';
import { createHandlers } from '../api/handlers.js';
import { openCore, type Core, type CoreOptions } from '../core.js';
import { csvFile, type CsvValue } from '../csv.js';
import { DatabaseDamagedError } from '../db/open.js';
import { Store } from '../db/store.js';
import { appendAudit } from '../users/audit.js';
import { backupFile, listBackups, readPreview, restoreAttachments } from './backups.js';
import { captureTrailAfter, carryOverAfterRestore, type CapturedTrail } from './carryOver.js';
import { addServerLosses } from './restoreLosses.js';

/** The damaged register's trail after the restored backup's, as far as it can be read. */
function readableTrail(restored: Store, damagedFile: string): CapturedTrail {
  let damaged: Database.Database | null = null;
  try {
    damaged = new Database(damagedFile, { readonly: true, fileMustExist: true });
    // The damaged file is the "live" side: its events after the restored register's last one.
    return captureTrailAfter(new Store(damaged), restored.sqlite);
  } catch {
    return { events: [], continues: false };
  } finally {
    damaged?.close();
  }
}

export interface AppRuntime {
  /** Always the current API: the recovery API until the register opens, then the normal one. */
  dispatch: Dispatch;
  mode(): 'normal' | 'recovery';
  /** The open register; null in recovery mode. */
  core(): Core | null;
  /** Why the register could not be opened. */
  damage(): string | null;
  close(): void;
}

export interface RuntimeOptions extends CoreOptions {
  log?: (e: unknown) => void;
  /** Called each time a register is opened (start-up, or after a recovery): start backups here. */
  onCore?: (core: Core) => void;
}

export const DAMAGED_MESSAGE = 'ฐานข้อมูลทะเบียนเสียหาย กรุณากู้คืนจากชุดสำรองข้อมูลก่อนใช้งาน';

export function openApp(opts: RuntimeOptions): AppRuntime {
  let core: Core | null = null;
  let normal: Dispatch | null = null;
  let damage: string | null = null;
  const log = opts.log ?? console.error;
  const file = join(opts.dataDir, 'register.sqlite');

  const start = () => {
    core = openCore(opts);
    normal = createDispatch(core, createHandlers(core), log);
    damage = null;
    opts.onCore?.(core);
  };
  try {
    start();
  } catch (e) {
    if (!(e instanceof DatabaseDamagedError)) throw e;
    damage = e.detail;
  }

  const status = (): RecoveryStatus => ({ mode: 'recovery', detail: damage, backups: listBackups(opts.dataDir, { check: true }) });

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
      start();
    } catch (e) {
      damage = e instanceof Error ? e.message : String(e);
      throw new Error('เปิดชุดสำรองที่กู้คืนไม่ได้ กรุณาเลือกชุดอื่น');
    }
    await restoreAttachments(opts.dataDir);
    const { preview } = readPreview(source);
    const store = (core as unknown as Core).store;
    // What can still be read from the damaged file is carried over like any restore's; the
    // numbers continue after the high-water file beside the register whatever it holds.
    const trail = readableTrail(store, aside);
    const carried = carryOverAfterRestore(store, {
      // Never ATTACHed: a damaged file can fail every later statement of the connection.
      // Its numbers are in the high-water file; its entries are asked of the server below.
      preFile: null,
      trail,
      restored: chosen.name,
      actor: 'ระบบกู้คืนข้อมูล',
      at: localIsoTimestamp(new Date()),
      recordRestore: () =>
        appendAudit(store, {
          action: 'restore',
          entity: 'backup',
          entityId: chosen.name,
          actor: 'ระบบกู้คืนข้อมูล',
          after: { restored: chosen.name, damagedFileKeptAs: aside, counts: preview.counts, carriedEvents: trail.events.length, trailContinues: trail.continues },
        }),
    });
    // The server may know the entries the damaged file took with it (and its next numbers).
    const fromServer = await addServerLosses(core as unknown as Core, chosen.name, localIsoTimestamp(new Date())).catch(() => 0);
    return { restored: chosen.name, safetyCopy: aside, preview, carriedEvents: carried.carriedEvents, continued: carried.continued, lostEntries: carried.lostEntries + fromServer, lostNumbers: carried.lostNumbers };
  };

  const recovery: Dispatch = async (method, input): Promise<Result<unknown>> => {
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
      log(e);
      return fail('internal', e instanceof Error && /[\u0E00-\u0E7F]/.test(e.message) ? e.message : 'ทำรายการกู้คืนไม่สำเร็จ');
    }
  };

  return {
    dispatch: (method: unknown, input: unknown, channel?: CallerChannel) => (normal ? normal(method, input, channel) : recovery(method, input)),
    mode: () => (normal ? 'normal' : 'recovery'),
    core: () => core,
    damage: () => damage,
    close: () => {
      (core as Core | null)?.close();
    },
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
    db = new Database(file, { readonly: true, fileMustExist: true });
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
