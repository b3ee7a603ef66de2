// ตรวจสอบ with outside witnesses. The hash chain alone proves nothing to someone who can rewrite
// the whole file: edit an event, recompute every later hash and the head, and the chain links
// again. So the trail is also compared with copies kept elsewhere:
//  - the central server's copy of every event's hash (sent with sync, kept append-only);
//  - every backup's audit head (in its manifest; the backup's own file pinpoints the event).
// The check runs at each start and daily; a broken trail raises a notice for admins on
// รายการหลัก until one of them acknowledges it, and the acknowledgement is itself an event.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { formatThaiDateTime, localIsoTimestamp } from '../../src-shared/thai.js';
import type { AuditAlert, AuditVerification, AuditWitnessReport } from '../../src-shared/usersSchemas.js';
import { backupAuditHeads, backupDir } from '../backup/backups.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { fetchAuditWitness } from '../sync/auditWitness.js';
import { readConfig } from '../sync/syncState.js';
import { appendAudit, verifyAuditDb } from './audit.js';

const CHECK_KEY = 'audit_check';
const ACK_KEY = 'audit_check_ack';

interface Break {
  seq: number;
  reason: string;
}

interface StoredCheck {
  at: string;
  ok: boolean;
  firstBreak: Break | null;
}

function backupLabel(name: string): string {
  const m = /^saraban-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name);
  return m ? `ชุดสำรอง ${formatThaiDateTime(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`)}` : `ชุดสำรอง ${name}`;
}

/** The first event where a backup's own trail and the register's differ. */
function firstDifference(core: Core, backupName: string, upTo: number): number | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(join(backupDir(core.dataDir), backupName, 'register.sqlite'), { readonly: true, fileMustExist: true });
    const local = core.store.sqlite.prepare('SELECT hash FROM audit_events WHERE seq = ?');
    for (const r of db.prepare('SELECT seq, hash FROM audit_events WHERE seq <= ? ORDER BY seq').iterate(upTo) as IterableIterator<{ seq: number; hash: string }>) {
      const mine = local.get(r.seq) as { hash: string } | undefined;
      if (mine?.hash !== r.hash) return r.seq;
    }
    return null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

function checkBackups(core: Core, lastSeq: number): { breaks: Break[]; checked: number } {
  const local = core.store.sqlite.prepare('SELECT hash FROM audit_events WHERE seq = ?');
  const breaks: Break[] = [];
  let checked = 0;
  for (const { name, head } of backupAuditHeads(core.dataDir)) {
    checked++;
    if (head.seq > lastSeq) {
      breaks.push({ seq: lastSeq + 1, reason: `เหตุการณ์ลำดับที่ ${lastSeq + 1} ถึง ${head.seq} หายไปจากทะเบียน แต่มีอยู่ใน${backupLabel(name)}` });
      continue;
    }
    const mine = local.get(head.seq) as { hash: string } | undefined;
    if (mine?.hash === head.hash) continue;
    const seq = firstDifference(core, name, head.seq) ?? head.seq;
    breaks.push({ seq, reason: `เหตุการณ์ลำดับที่ ${seq} ไม่ตรงกับที่บันทึกไว้ใน${backupLabel(name)} (ถูกแก้ไขหลังสำรองข้อมูล)` });
  }
  return { breaks, checked };
}

async function checkServer(core: Core, lastSeq: number): Promise<{ breaks: Break[]; state: AuditWitnessReport['server']; checked: number }> {
  if (!readConfig(core.store)) return { breaks: [], state: 'not_configured', checked: 0 };
  const witness = await fetchAuditWitness(core.store);
  if (witness === null) return { breaks: [], state: 'offline', checked: 0 };
  const local = core.store.sqlite.prepare('SELECT hash FROM audit_events WHERE seq = ?');
  for (const w of witness) {
    if (w.seq > lastSeq) {
      return {
        breaks: [{ seq: lastSeq + 1, reason: `เหตุการณ์ลำดับที่ ${lastSeq + 1} ถึง ${witness[witness.length - 1]?.seq ?? w.seq} หายไปจากทะเบียน แต่เซิร์ฟเวอร์กลางมีสำเนาไว้` }],
        state: 'mismatch',
        checked: witness.length,
      };
    }
    const mine = local.get(w.seq) as { hash: string } | undefined;
    if (mine?.hash !== w.hash) {
      return {
        breaks: [{ seq: w.seq, reason: `เหตุการณ์ลำดับที่ ${w.seq} ไม่ตรงกับสำเนาที่เซิร์ฟเวอร์กลางเก็บไว้ (ถูกแก้ไขหลังส่งให้เซิร์ฟเวอร์แล้ว)` }],
        state: 'mismatch',
        checked: witness.length,
      };
    }
  }
  return { breaks: [], state: 'matched', checked: witness.length };
}

/** The chain itself, then every witness; the earliest break wins. Records the outcome for the notice. */
export async function verifyAuditWithWitnesses(core: Core): Promise<AuditVerification> {
  const own = verifyAuditDb(core.store.sqlite);
  const lastSeq = core.store.raw<{ m: number | null }>('SELECT max(seq) AS m FROM audit_events')[0]?.m ?? 0;
  const backups = checkBackups(core, lastSeq);
  const server = await checkServer(core, lastSeq);
  const breaks = [...(own.firstBreak ? [own.firstBreak] : []), ...backups.breaks, ...server.breaks].sort((a, b) => a.seq - b.seq);
  const firstBreak = breaks[0] ?? null;
  const witnesses: AuditWitnessReport = { server: server.state, serverChecked: server.checked, backupsChecked: backups.checked };
  const result: AuditVerification = { ok: firstBreak === null, checked: own.checked, firstBreak, witnesses };
  if (core.store.sqlite.open) {
    const stored: StoredCheck = { at: localIsoTimestamp(core.now()), ok: result.ok, firstBreak };
    core.store.setMeta(CHECK_KEY, JSON.stringify(stored));
  }
  return result;
}

const fingerprint = (b: Break | null): string => (b ? `${b.seq}|${b.reason}` : '');

function storedCheck(core: Core): StoredCheck | null {
  try {
    const raw = core.store.getMeta(CHECK_KEY);
    return raw ? (JSON.parse(raw) as StoredCheck) : null;
  } catch {
    return null;
  }
}

/** What รายการหลัก shows admins: the last check's break, unless someone acknowledged it. */
export function auditAlert(core: Core): AuditAlert {
  const check = storedCheck(core);
  if (!check || check.ok || !check.firstBreak) return { broken: false, firstBreak: null, checkedAt: check?.at ?? null };
  if (core.store.getMeta(ACK_KEY) === fingerprint(check.firstBreak)) return { broken: false, firstBreak: null, checkedAt: check.at };
  return { broken: true, firstBreak: check.firstBreak, checkedAt: check.at };
}

/** An admin has seen the notice: recorded as an event, and the same break is not shown again. */
export function acknowledgeAuditAlert(core: Core): AuditAlert {
  const check = storedCheck(core);
  if (!check?.firstBreak) throw new DomainError('conflict', 'ไม่มีการแจ้งเตือนเรื่องบันทึกการใช้งานที่ต้องรับทราบ');
  const firstBreak = check.firstBreak;
  core.store.tx(() => {
    appendAudit(core.store, { action: 'audit.acknowledge', entity: 'audit', after: { seq: firstBreak.seq, reason: firstBreak.reason, checkedAt: check.at } });
    core.store.setMeta(ACK_KEY, fingerprint(firstBreak));
  });
  return auditAlert(core);
}

/** At every start (shortly after, so the window shows first) and daily while the app runs. */
export function startAuditWatch(core: Core, opts: { firstCheckMs?: number; everyMs?: number } = {}): () => void {
  let running = false;
  const tick = () => {
    if (running || !core.store.sqlite.open) return;
    running = true;
    verifyAuditWithWitnesses(core)
      .catch(() => undefined) // a failed check leaves the last result in place
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(tick, opts.firstCheckMs ?? 5_000);
  const every = setInterval(tick, opts.everyMs ?? 24 * 3600_000);
  first.unref();
  every.unref();
  const stop = () => {
    clearTimeout(first);
    clearInterval(every);
  };
  core.onClose(stop);
  return stop;
}
