// Moving the register to another folder (an office keeps its data on D:\): copy, verify, switch.
// The register is copied with SQLite's backup API (a consistent snapshot, WAL included), the
// attachments by their content (each file's SHA-256 is its name, so every copy is checked), the
// rest as files. Only when the copy opens, passes the quick check and holds the same rows is the
// pointer switched; the old folder stays as it was, so nothing is lost if anything fails.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hashFile, isInside } from './attachments/blobFiles.js';
import { POINTER_FILE } from './dataDir.js';
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

/** Refusals the admin reads before anything is copied. */
export function checkMoveTarget(from: string, to: string): void {
  const a = resolve(from);
  const b = resolve(to);
  if (a === b) throw new DomainError('invalid_input', 'โฟลเดอร์ใหม่คือโฟลเดอร์เดิม');
  if (isInside(a, b) || isInside(b, a)) throw new DomainError('invalid_input', 'โฟลเดอร์ใหม่ต้องไม่อยู่ในโฟลเดอร์เดิม และโฟลเดอร์เดิมต้องไม่อยู่ในโฟลเดอร์ใหม่');
  if (existsSync(b) && readdirSync(b).length > 0) throw new DomainError('invalid_input', 'โฟลเดอร์ใหม่ต้องว่างเปล่า (มีไฟล์อยู่แล้ว)');
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
