// Backups: SQLite's online backup API (better-sqlite3 db.backup: page by page, yielding to the
// event loop between steps, so the clerk keeps registering while it runs; a page the clerk
// changes meanwhile is copied again, so the copy is the consistent state at the end).
// Layout in the folder the admin chooses (a second disk, a USB drive):
//   <dir>/saraban-YYYYMMDD-HHMMSS-<reason>/register.sqlite + manifest.json
//   <dir>/attachments/<ab>/<sha256>   one shared, content-addressed pool: each backup copies
//                                     only the files added since the previous one.
// Rolling retention: the newest backup of each of the last 7 days, 4 weeks and 12 months.
import type Database from 'better-sqlite3';
import { startBackgroundQuickCheck } from '../db/backgroundCheck.js';
import { openSqlite } from '../db/sqlite.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import type { BackupInfo, BackupPreview, BackupStatus, RestoreResult } from '../../src-shared/usersSchemas.js';
import type { Core } from '../core.js';
import { DomainError, invalid } from '../errors.js';
import { appVersion } from '../version.js';
import { appendAudit } from '../users/audit.js';
import { captureTrailAfter, carryOverAfterRestore, type CarryOverResult } from './carryOver.js';
import { addServerLosses, previewRestoreLoss } from './restoreLosses.js';
import { attachmentsRoot } from '../attachments/blobFiles.js';

export const KEEP = { daily: 7, weekly: 4, monthly: 12 } as const;
const SHA256 = /^[0-9a-f]{64}$/;
const NAME = /^saraban-\d{8}-\d{6}(-\d+)?-(daily|manual|before-restore|before-migration)$/;
const MIGRATION_NAME = /^before-migration-[0-9TZ-]+\.sqlite$/;

type Reason = BackupInfo['reason'];

interface Settings {
  dir: string | null;
  lastBackupAt: string | null;
  lastError: string | null;
}

interface Manifest {
  name: string;
  createdAt: string;
  reason: Reason;
  appVersion: string;
  bytes: number;
  attachmentsAdded: string[];
  preview: BackupPreview;
  /** The audit chain's head in this copy: a witness the register's trail is checked against. */
  auditHead?: AuditHead | null;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

/** The last audit event of a register file (a backup), or null for an empty trail. */
export function readAuditHead(file: string): AuditHead | null {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined) ?? null;
  } finally {
    db.close();
  }
}

/** Each backup's recorded audit head (from its manifest), newest first. */
export function backupAuditHeads(dataDir: string): { name: string; head: AuditHead }[] {
  const dir = backupDir(dataDir);
  if (!existsSync(dir)) return [];
  const out: { name: string; head: AuditHead; createdAt: string }[] = [];
  for (const name of readdirSync(dir)) {
    if (!NAME.test(name)) continue;
    try {
      const m = JSON.parse(readFileSync(join(dir, name, 'manifest.json'), 'utf8')) as Manifest;
      if (m.auditHead) out.push({ name, head: m.auditHead, createdAt: m.createdAt });
    } catch {
      // an unreadable manifest is no witness
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).map(({ name, head }) => ({ name, head }));
}

// Kept beside the database, not in it: the recovery screen must find the backups when the
// database itself cannot be read.
const settingsFile = (dataDir: string) => join(dataDir, 'backup-settings.json');

export function readSettings(dataDir: string): Settings {
  try {
    const raw = JSON.parse(readFileSync(settingsFile(dataDir), 'utf8')) as Partial<Settings>;
    return { dir: raw.dir ?? null, lastBackupAt: raw.lastBackupAt ?? null, lastError: raw.lastError ?? null };
  } catch {
    return { dir: null, lastBackupAt: null, lastError: null };
  }
}

function writeSettings(dataDir: string, s: Settings): void {
  const file = settingsFile(dataDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(s, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function backupDir(dataDir: string): string {
  return readSettings(dataDir).dir ?? join(dataDir, 'backups', 'auto');
}

const isInside = (parent: string, child: string) => {
  const p = resolve(parent);
  const c = resolve(child);
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
};

/** Counts per register, the last entry and the trail's length, read from a backup file. */
export function readPreview(file: string, opts: { quickCheck?: boolean } = {}): { preview: BackupPreview; good: boolean } {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    const good = opts.quickCheck === false || db.pragma('quick_check', { simple: true }) === 'ok';
    const counts: Record<string, number> = { incoming: 0, outgoing: 0, order: 0, certificate: 0 };
    for (const r of db.prepare('SELECT kind, count(*) AS n FROM entries GROUP BY kind').all() as { kind: string; n: number }[]) counts[r.kind] = r.n;
    const last = db
      .prepare('SELECT kind, year, register_no, doc_no, subject, secrecy, registered_at FROM entries ORDER BY registered_at DESC, rowid DESC LIMIT 1')
      .get() as { kind: string; year: number; register_no: number; doc_no: string; subject: string; secrecy: string; registered_at: string } | undefined;
    const hasAudit = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'").get() !== undefined;
    const auditEvents = hasAudit ? ((db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n) : 0;
    return {
      good,
      preview: {
        counts,
        lastEntry: last
          ? { kind: last.kind, year: last.year, registerNo: last.register_no, docNo: last.doc_no, subject: last.subject, secrecy: last.secrecy, registeredAt: last.registered_at }
          : null,
        auditEvents,
      },
    };
  } finally {
    db.close();
  }
}

function stampOf(d: Date): string {
  return localIsoTimestamp(d).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/** Every backup in the folder (newest first), plus the copies made before migrations. */
export function listBackups(dataDir: string, opts: { check?: boolean } = {}): BackupInfo[] {
  const dir = backupDir(dataDir);
  const out: BackupInfo[] = [];
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      if (!NAME.test(name)) continue;
      try {
        const m = JSON.parse(readFileSync(join(dir, name, 'manifest.json'), 'utf8')) as Manifest;
        let good = true;
        let preview: BackupPreview | null = m.preview;
        if (opts.check) ({ good, preview } = readPreview(join(dir, name, 'register.sqlite')));
        out.push({ name, createdAt: m.createdAt, reason: m.reason, bytes: m.bytes, attachmentsAdded: m.attachmentsAdded.length, preview, good });
      } catch {
        out.push({ name, createdAt: '', reason: 'manual', bytes: 0, attachmentsAdded: 0, preview: null, good: false });
      }
    }
  }
  const migrations = join(dataDir, 'backups');
  if (existsSync(migrations)) {
    for (const name of readdirSync(migrations)) {
      if (!MIGRATION_NAME.test(name)) continue;
      const file = join(migrations, name);
      let good = false;
      let preview: BackupPreview | null = null;
      try {
        ({ good, preview } = readPreview(file));
      } catch {
        good = false;
      }
      out.push({ name, createdAt: localIsoTimestamp(statSync(file).mtime), reason: 'before-migration', bytes: statSync(file).size, attachmentsAdded: 0, preview, good });
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** The database file of a backup named by the admin (never a path the renderer made up). */
export function backupFile(dataDir: string, name: string): string {
  if (NAME.test(name)) {
    const file = join(backupDir(dataDir), name, 'register.sqlite');
    if (existsSync(file)) return file;
  } else if (MIGRATION_NAME.test(name)) {
    const file = join(dataDir, 'backups', name);
    if (existsSync(file)) return file;
  }
  throw new DomainError('not_found', 'ไม่พบชุดสำรองข้อมูลนี้');
}

/** Copies attachment files the pool does not have yet; returns the ones copied. */
async function copyNewAttachments(fromRoot: string, toRoot: string): Promise<string[]> {
  const added: string[] = [];
  let prefixes: string[];
  try {
    prefixes = await readdir(fromRoot);
  } catch {
    return added; // no attachments folder yet
  }
  for (const prefix of prefixes) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of await readdir(join(fromRoot, prefix))) {
      if (!SHA256.test(name)) continue;
      const target = join(toRoot, prefix, name);
      if (existsSync(target)) continue;
      await mkdir(join(toRoot, prefix), { recursive: true });
      await copyFile(join(fromRoot, prefix, name), `${target}.part`);
      await rename(`${target}.part`, target);
      added.push(name);
    }
  }
  return added;
}

const running = new WeakMap<Core, Promise<BackupInfo>>();

export function isBackupRunning(core: Core): boolean {
  return running.has(core);
}

/** One backup now. Never blocks the clerk: the copy runs in steps between other calls. */
export function runBackup(core: Core, reason: Exclude<Reason, 'before-migration'>, opts: { pagesPerStep?: number } = {}): Promise<BackupInfo> {
  if (running.has(core)) throw new DomainError('conflict', 'กำลังสำรองข้อมูลอยู่ กรุณารอสักครู่');
  const job = doBackup(core, reason, opts).finally(() => running.delete(core));
  running.set(core, job);
  return job;
}

/**
 * The device credential is not part of a backup: a backup copied off the PC must not let anyone
 * sync as this PC (the register itself keeps it sealed, see sync/credentialVault.ts).
 */
function dropCredential(file: string): void {
  const db = openSqlite(file);
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_config'").get();
    if (has) db.prepare("UPDATE sync_config SET credential = ''").run();
    // Nor the office key for secret entries, even sealed (sync/officeKey.ts): it is carried by
    // the admin's key file, and a restore keeps this PC's own.
    const key = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'office_key'").get();
    if (key) db.prepare('DELETE FROM office_key').run();
  } finally {
    db.close();
  }
}

async function doBackup(core: Core, reason: Exclude<Reason, 'before-migration'>, opts: { pagesPerStep?: number }): Promise<BackupInfo> {
  const dir = backupDir(core.dataDir);
  const started = new Date();
  const createdAt = localIsoTimestamp(started);
  let name = `saraban-${stampOf(started)}-${reason}`;
  for (let i = 2; existsSync(join(dir, name)); i++) name = `saraban-${stampOf(started)}-${i}-${reason}`;
  const partial = join(dir, `.${name}.partial`);
  try {
    mkdirSync(partial, { recursive: true });
    const file = join(partial, 'register.sqlite');
    const pages = opts.pagesPerStep ?? 256;
    await core.store.sqlite.backup(file, { progress: () => pages });
    dropCredential(file);
    const attachmentsAdded = await copyNewAttachments(attachmentsRoot(core.dataDir), attachmentsRoot(dir));
    // The copy's quick check reads every page (seconds on a large register): in a worker
    // thread, so the clerk's calls go on meanwhile. Only when no worker can run, here.
    const checked = await startBackgroundQuickCheck(file).result;
    const { preview, good } = readPreview(file, { quickCheck: checked.state === 'failed' });
    if (checked.state === 'damaged' || !good) throw new Error('the backup copy failed its integrity check');
    const bytes = (await stat(file)).size;
    const manifest: Manifest = { name, createdAt, reason, appVersion: appVersion(), bytes, attachmentsAdded, preview, auditHead: readAuditHead(file) };
    writeFileSync(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2));
    renameSync(partial, join(dir, name));
    writeSettings(core.dataDir, { ...readSettings(core.dataDir), lastBackupAt: createdAt, lastError: null });
    appendAudit(core.store, { action: 'backup', entity: 'backup', entityId: name, after: { reason, bytes, attachmentsAdded: attachmentsAdded.length, counts: preview.counts } });
    pruneBackups(dir, started);
    return { name, createdAt, reason, bytes, attachmentsAdded: attachmentsAdded.length, preview, good: true };
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    const message = e instanceof Error ? e.message : String(e);
    writeSettings(core.dataDir, { ...readSettings(core.dataDir), lastError: message });
    throw new DomainError('internal', `สำรองข้อมูลไม่สำเร็จ: ${message}`);
  }
}

const dayKey = (iso: string) => iso.slice(0, 10);
const monthKey = (iso: string) => iso.slice(0, 7);
function weekKey(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

/** Which backups a rolling 7 daily / 4 weekly / 12 monthly set keeps (newest first in). */
export function chooseKept(createdAts: { name: string; createdAt: string }[], keep: { daily: number; weekly: number; monthly: number } = KEEP): Set<string> {
  const sorted = [...createdAts].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const kept = new Set<string>();
  for (const [n, key] of [
    [keep.daily, dayKey],
    [keep.weekly, weekKey],
    [keep.monthly, monthKey],
  ] as const) {
    const seen = new Set<string>();
    for (const b of sorted) {
      const k = key(b.createdAt);
      if (seen.has(k)) continue;
      if (seen.size >= n) break;
      seen.add(k);
      kept.add(b.name);
    }
  }
  return kept;
}

function pruneBackups(dir: string, _now: Date): void {
  const all = readdirSync(dir).filter((n) => NAME.test(n));
  const manifests = all.flatMap((name) => {
    try {
      const m = JSON.parse(readFileSync(join(dir, name, 'manifest.json'), 'utf8')) as Manifest;
      return [{ name, createdAt: m.createdAt, reason: m.reason }];
    } catch {
      return [];
    }
  });
  const rolling = manifests.filter((m) => m.reason !== 'before-restore' && m.reason !== 'before-migration');
  const kept = chooseKept(rolling);
  // The three newest stay whatever the day: a backup the admin has just made is never pruned.
  for (const m of [...rolling].sort((x, y) => (x.createdAt < y.createdAt ? 1 : -1)).slice(0, 3)) kept.add(m.name);
  // Copies taken before a restore or a migration: the newest three of each stay, whatever their age.
  for (const reason of ['before-restore', 'before-migration']) {
    const safety = manifests.filter((m) => m.reason === reason).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    for (const m of safety.slice(0, 3)) kept.add(m.name);
  }
  for (const m of manifests) if (!kept.has(m.name)) rmSync(join(dir, m.name), { recursive: true, force: true });
}

export function backupStatus(core: Core): BackupStatus {
  const settings = readSettings(core.dataDir);
  const dir = backupDir(core.dataDir);
  return {
    dir,
    dirIsInsideData: isInside(core.dataDir, dir),
    lastBackupAt: settings.lastBackupAt,
    lastError: settings.lastError,
    running: isBackupRunning(core),
    keep: { ...KEEP },
    backups: listBackups(core.dataDir),
  };
}

export function configureBackups(core: Core, dir: string): BackupStatus {
  if (!isAbsolute(dir)) throw invalid('dir', 'กรุณาระบุโฟลเดอร์แบบเต็ม เช่น E:\\สำรองทะเบียน');
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.saraban-write-test'), 'ok');
    rmSync(join(dir, '.saraban-write-test'));
  } catch {
    throw invalid('dir', 'เขียนไฟล์ลงโฟลเดอร์นี้ไม่ได้ กรุณาตรวจสอบว่าเสียบไดรฟ์แล้วและมีสิทธิ์เขียน');
  }
  const before = backupDir(core.dataDir);
  writeSettings(core.dataDir, { ...readSettings(core.dataDir), dir: resolve(dir) });
  appendAudit(core.store, { action: 'settings', entity: 'backup', before: { dir: before }, after: { dir: resolve(dir) } });
  return backupStatus(core);
}

export function previewBackup(core: Core, name: string): BackupPreview {
  const file = backupFile(core.dataDir, name);
  const { preview, good } = readPreview(file);
  if (!good) throw new DomainError('conflict', 'ชุดสำรองนี้เสียหาย เลือกชุดอื่น');
  return { ...preview, loss: previewRestoreLoss(core.store, file) };
}

function summary(c: CarryOverResult): Pick<RestoreResult, 'carriedEvents' | 'continued' | 'lostEntries' | 'lostNumbers'> {
  return { carriedEvents: c.carriedEvents, continued: c.continued, lostEntries: c.lostEntries, lostNumbers: c.lostNumbers };
}

function schemaVersions(db: Database.Database): number[] {
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
}

/**
 * Restores a chosen backup into the open register, after keeping a copy of the current state.
 * The backup API writes into the live file through SQLite's own locking, so the open
 * connection simply sees the restored pages.
 */
export async function restoreBackup(core: Core, name: string): Promise<RestoreResult> {
  const file = backupFile(core.dataDir, name);
  const { preview, good } = readPreview(file);
  if (!good) throw new DomainError('conflict', 'ชุดสำรองนี้เสียหาย เลือกชุดอื่น');
  const src = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    if (schemaVersions(src).join(',') !== schemaVersions(core.store.sqlite).join(',')) {
      throw new DomainError('conflict', 'ชุดสำรองนี้ทำจากโปรแกรมรุ่นอื่น กู้คืนได้จากหน้ากู้คืนข้อมูลเท่านั้น');
    }
    const safety = await runBackup(core, 'before-restore');
    const actor = core.actor();
    // Read before the pages are replaced: the live trail after the backup (with the safety
    // copy's own event, which that copy cannot hold).
    const trail = captureTrailAfter(core.store, src);
    const enrolment = core.store.raw<{ device_id: string; credential: string }>('SELECT device_id, credential FROM sync_config WHERE id = 1')[0];
    const officeKey = core.store.raw<Record<string, unknown>>('SELECT * FROM office_key WHERE id = 1')[0];
    await src.backup(core.store.sqlite.name, { progress: () => 1 << 30 });
    if (officeKey) {
      core.store.sqlite
        .prepare('INSERT OR REPLACE INTO office_key (id, key_id, sealed_key, org_id, origin, created_at) VALUES (@id, @key_id, @sealed_key, @org_id, @origin, @created_at)')
        .run(officeKey);
    }
    // Backups carry no device credential: this PC keeps the one it has (same device only).
    if (enrolment) core.store.sqlite.prepare('UPDATE sync_config SET credential = ? WHERE device_id = ?').run(enrolment.credential, enrolment.device_id);
    await copyNewAttachments(attachmentsRoot(backupDir(core.dataDir)), attachmentsRoot(core.dataDir));
    const at = localIsoTimestamp(core.now());
    const carried = carryOverAfterRestore(core.store, {
      preFile: backupFile(core.dataDir, safety.name),
      trail,
      restored: name,
      actor,
      at,
      recordRestore: () =>
        appendAudit(core.store, {
          action: 'restore',
          entity: 'backup',
          entityId: name,
          actor,
          after: { restored: name, safetyCopy: safety.name, counts: preview.counts, carriedEvents: trail.events.length, trailContinues: trail.continues },
        }),
    });
    // The server may know more: its next numbers, and entries the safety copy never had.
    const fromServer = await addServerLosses(core, name, at).catch(() => 0);
    const result: RestoreResult = { restored: name, safetyCopy: safety.name, preview, ...summary(carried) };
    result.lostEntries = (result.lostEntries ?? 0) + fromServer;
    return result;
  } finally {
    src.close();
  }
}

/**
 * The copy openLocalDatabase takes before migrating (VACUUM INTO, beside the register) is filed
 * into the admin's backup folder as a backup of its own, so it is on the second disk too.
 */
export async function fileMigrationBackup(core: Core): Promise<BackupInfo | null> {
  const source = core.migrationBackup;
  if (!source || !existsSync(source)) return null;
  const dir = backupDir(core.dataDir);
  const started = new Date();
  let name = `saraban-${stampOf(started)}-before-migration`;
  for (let i = 2; existsSync(join(dir, name)); i++) name = `saraban-${stampOf(started)}-${i}-before-migration`;
  const partial = join(dir, `.${name}.partial`);
  mkdirSync(partial, { recursive: true });
  await copyFile(source, join(partial, 'register.sqlite'));
  const { preview, good } = readPreview(join(partial, 'register.sqlite'));
  const bytes = (await stat(join(partial, 'register.sqlite'))).size;
  const createdAt = localIsoTimestamp(started);
  const manifest: Manifest = { name, createdAt, reason: 'before-migration', appVersion: appVersion(), bytes, attachmentsAdded: [], preview, auditHead: readAuditHead(join(partial, 'register.sqlite')) };
  writeFileSync(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2));
  renameSync(partial, join(dir, name));
  core.migrationBackup = null;
  appendAudit(core.store, { action: 'backup', entity: 'backup', entityId: name, after: { reason: 'before-migration', bytes } });
  return { name, createdAt, reason: 'before-migration', bytes, attachmentsAdded: 0, preview, good };
}

/** Copies the backup pool's files back into the data folder (after a restore). */
export function restoreAttachments(dataDir: string): Promise<string[]> {
  return copyNewAttachments(attachmentsRoot(backupDir(dataDir)), attachmentsRoot(dataDir));
}

/** Daily backups while the app runs: checked hourly, run when the last is over a day old. */
export function startBackups(core: Core, opts: { checkEveryMs?: number; firstCheckMs?: number } = {}): () => void {
  const due = () => {
    const last = readSettings(core.dataDir).lastBackupAt;
    return last === null || Date.now() - Date.parse(last) > 24 * 3600_000;
  };
  const tick = () => {
    if (!isBackupRunning(core) && due()) runBackup(core, 'daily').catch(() => undefined); // recorded in lastError
  };
  fileMigrationBackup(core).catch((e: unknown) => {
    writeSettings(core.dataDir, { ...readSettings(core.dataDir), lastError: e instanceof Error ? e.message : String(e) });
  });
  const first = setTimeout(tick, opts.firstCheckMs ?? 60_000);
  const every = setInterval(tick, opts.checkEveryMs ?? 3600_000);
  first.unref();
  every.unref();
  const stop = () => {
    clearTimeout(first);
    clearInterval(every);
  };
  core.onClose(stop);
  return stop;
}
