// Moving the register to another folder (an office keeps its data on D:\): copy, verify, switch.
// The register is copied with SQLite's backup API (a consistent snapshot, WAL included), the
// attachments by their content (each file's SHA-256 is its name, so every copy is checked), the
// rest as files. Only when the copy opens, passes the quick check and holds the same rows is the
// pointer switched; the old folder stays as it was, so nothing is lost if anything fails.
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hashFile, isInside } from './attachments/blobFiles.js';
import { currentFacts, isInRoamingProfile, POINTER_FILE, type PlatformFacts } from './dataDir.js';
import { openSqlite } from './db/sqlite.js';
import { DomainError } from './errors.js';

export interface MoveReport {
  from: string;
  to: string;
  entries: number;
  auditEvents: number;
  attachments: number;
}

const REGISTER = 'register.sqlite';
const COUNTED = ['entries', 'entry_versions', 'audit_events', 'users'] as const;

function counts(file: string): Record<string, number> {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    const out: Record<string, number> = {};
    for (const t of COUNTED) out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    out.quick_check = db.pragma('quick_check', { simple: true }) === 'ok' ? 1 : 0;
    return out;
  } finally {
    db.close();
  }
}

const refuse = (message: string) => new DomainError('invalid_input', message, { to: message });

/**
 * Refusals the admin reads before anything is copied (ตั้งค่าระบบ and the first run alike): the
 * same or a nested folder, the roaming profile, a folder holding a register already (another
 * office's, or an old one: never mixed with this one), any other file, a folder this program
 * cannot write. The last creates the folder if needed and leaves it empty.
 */
export function checkMoveTarget(from: string, to: string, facts: PlatformFacts = currentFacts()): void {
  const a = resolve(from);
  const b = resolve(to);
  if (a === b) throw refuse('โฟลเดอร์ใหม่คือโฟลเดอร์เดิม');
  if (isInside(a, b) || isInside(b, a)) throw refuse('โฟลเดอร์ใหม่ต้องไม่อยู่ในโฟลเดอร์เดิม และโฟลเดอร์เดิมต้องไม่อยู่ในโฟลเดอร์ใหม่');
  if (isInRoamingProfile(to, facts)) {
    throw refuse('โฟลเดอร์นี้อยู่ในโปรไฟล์ที่ Windows คัดลอกไปมาระหว่างเครื่อง (AppData\\Roaming) ไฟล์ทะเบียนที่เปิดใช้อยู่จะเสียหายได้ กรุณาเลือกโฟลเดอร์อื่น เช่น D:\\SarabanData');
  }
  if (existsSync(join(b, REGISTER))) {
    throw refuse('โฟลเดอร์นี้มีไฟล์ทะเบียน (register.sqlite) อยู่แล้ว ซึ่งอาจเป็นของสำนักงานอื่นหรือชุดเดิม จึงไม่ใช้ เพื่อไม่ให้ข้อมูลปนหรือทับกัน กรุณาเลือกโฟลเดอร์ว่าง');
  }
  if (existsSync(b) && !statSync(b).isDirectory()) throw refuse('ที่อยู่นี้เป็นไฟล์ ไม่ใช่โฟลเดอร์ กรุณาเลือกโฟลเดอร์');
  if (existsSync(b) && readdirSync(b).length > 0) throw refuse('โฟลเดอร์ใหม่ต้องว่างเปล่า (มีไฟล์อยู่แล้ว)');
  const probe = join(b, `.saraban-write-test-${randomUUID()}`);
  try {
    mkdirSync(b, { recursive: true });
    writeFileSync(probe, 'ok');
    rmSync(probe);
  } catch {
    throw refuse('โปรแกรมสร้างหรือเขียนไฟล์ในโฟลเดอร์นี้ไม่ได้ (ไม่มีสิทธิ์ ไดรฟ์อ่านได้อย่างเดียว หรือไม่มีไดรฟ์นี้) กรุณาเลือกโฟลเดอร์อื่น หรือให้ผู้ดูแลเครื่องให้สิทธิ์เขียน');
  }
}

/** Copies and verifies; the register at `from` must not be written meanwhile (close it first). */
export async function copyDataDir(from: string, to: string): Promise<MoveReport> {
  checkMoveTarget(from, to);
  mkdirSync(to, { recursive: true });
  const source = join(from, REGISTER);
  const src = openSqlite(source, { readonly: true, fileMustExist: true });
  try {
    await src.backup(join(to, REGISTER));
  } finally {
    src.close();
  }
  for (const name of readdirSync(from)) {
    if (name === REGISTER || name === `${REGISTER}-wal` || name === `${REGISTER}-shm`) continue;
    cpSync(join(from, name), join(to, name), { recursive: true, errorOnExist: true, force: false });
  }
  let attachments = 0;
  const root = join(to, 'attachments');
  if (existsSync(root)) {
    for (const prefix of readdirSync(root)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of readdirSync(join(root, prefix))) {
        const copied = join(root, prefix, name);
        if (hashFile(copied).sha256 !== name || statSync(copied).size !== statSync(join(from, 'attachments', prefix, name)).size) {
          throw new DomainError('internal', `คัดลอกไฟล์แนบไม่ครบ (${name.slice(0, 12)}…) จึงยังไม่ย้ายข้อมูล`);
        }
        attachments++;
      }
    }
  }
  const before = counts(source);
  const after = counts(join(to, REGISTER));
  if (after.quick_check !== 1) throw new DomainError('internal', 'สำเนาฐานข้อมูลในโฟลเดอร์ใหม่ไม่ผ่านการตรวจสอบ จึงยังไม่ย้ายข้อมูล');
  for (const t of COUNTED) {
    if (before[t] !== after[t]) throw new DomainError('internal', `จำนวนรายการในสำเนาไม่ตรงกับของเดิม (${t}) จึงยังไม่ย้ายข้อมูล`);
  }
  return { from, to, entries: after.entries ?? 0, auditEvents: after.audit_events ?? 0, attachments };
}

/** Points the app at the new folder (atomically: a half-written pointer is never read). */
export function switchDataDir(home: string, to: string): void {
  mkdirSync(home, { recursive: true });
  const file = join(home, POINTER_FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ dataDir: resolve(to), switchedAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(tmp, file);
}
