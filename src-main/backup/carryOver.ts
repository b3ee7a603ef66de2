// What a restore must NOT take back. A backup is an older state of the register, but three
// things about the time after it are facts, not state:
//  - the numbers issued since (written on paper): the books continue after the highest number
//    ever issued (the high-water file beside the register, and the pre-restore copy);
//  - the audit trail: the events after the backup are carried into the restored register
//    unchanged (same seq, same hashes: the backup's chain is a prefix of the live one), so the
//    chain stays whole and matches its witnesses;
//  - the entries the backup lacks: listed for the clerk with what is known of them, to bring back.
// Runs right after the backup's pages were copied in, with the pre-restore state ATTACHed.
import type Database from 'better-sqlite3';
import type { RegisterKind } from '../../src-shared/domain.js';
import { REGISTER_KINDS } from '../../src-shared/domain.js';
import type { Store } from '../db/store.js';
import type { AuditRow } from '../users/audit.js';
import { ensureBook, setNextNumber } from '../registers/books.js';
import { OUTBOX_KEY, readHighWater, type Sequence } from '../registers/highWater.js';

export interface CarryOverInput {
  /** The register as it was just before the restore (the safety copy), or null if unreadable. */
  preFile: string | null;
  trail: CapturedTrail;
  /** Writes the restore's own event: after the carried ones, before the numbers continue. */
  recordRestore: () => void;
  restored: string;
  actor: string;
  at: string;
}

export interface ContinuedNumber {
  kind: RegisterKind;
  year: number;
  sequence: Sequence;
  before: number;
  after: number;
}

export interface CarryOverResult {
  carriedEvents: number;
  /** false: the backup's trail is not a prefix of the live one (another register's backup). */
  chainContinues: boolean;
  continued: ContinuedNumber[];
  lostEntries: number;
  lostNumbers: number;
}

export const CONTINUE_REASON = 'กู้คืนข้อมูล: เลขทะเบียนต่อจากเลขสูงสุดที่เคยออกไปแล้ว เพื่อไม่ให้ออกเลขซ้ำกับที่เขียนบนหนังสือแล้ว';
const KINDS = new Set<string>(REGISTER_KINDS);
/** A lost number with nothing known about it is listed one by one up to this many a book. */
const MAX_BARE_NUMBERS = 500;

interface PreBook {
  kind: string;
  year: number;
  next_no: number;
  next_circular_no: number;
}

function attach(store: Store, file: string): boolean {
  try {
    store.sqlite.prepare('ATTACH DATABASE ? AS pre').run(file);
    store.sqlite.prepare('SELECT count(*) FROM pre.entries').get();
    return true;
  } catch {
    try {
      store.sqlite.exec('DETACH DATABASE pre');
    } catch {
      // never attached
    }
    return false;
  }
}


export interface CapturedTrail {
  /** The live events after the backup's last one, in order. */
  events: AuditRow[];
  /** false: the backup's trail is not a prefix of the live one (another register's backup). */
  continues: boolean;
}

/**
 * Reads, before the restore overwrites them, the live events the backup does not have
 * (everything after its last event, including the backups' own events and the safety copy's).
 */
export function captureTrailAfter(store: Store, backupDb: Database.Database): CapturedTrail {
  const last = backupDb.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  if (last) {
    const live = store.sqlite.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(last.seq) as { hash: string } | undefined;
    if (live?.hash !== last.hash) return { events: [], continues: false };
  }
  const events = store.sqlite.prepare('SELECT * FROM audit_events WHERE seq > ? ORDER BY seq').all(last?.seq ?? 0) as AuditRow[];
  return { events, continues: true };
}

function carryEvents(store: Store, trail: CapturedTrail): number {
  const insert = store.sqlite.prepare(
    `INSERT INTO main.audit_events (seq, at, actor, action, entity, entity_id, before, after, secret, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @entity, @entity_id, @before, @after, @secret, @prev_hash, @hash)`,
  );
  for (const e of trail.events) insert.run(e);
  const head = trail.events[trail.events.length - 1];
  if (head) store.setMeta('audit_head', `${head.seq}:${head.hash}`);
  return trail.events.length;
}

/** The books' next numbers: never below anything issued before the restore. */
function continueNumbers(store: Store, preBooks: PreBook[], input: CarryOverInput): ContinuedNumber[] {
  const want = new Map<string, number>();
  const raise = (kind: string, year: number, sequence: Sequence, next: number) => {
    if (!KINDS.has(kind)) return;
    const k = `${kind} ${year} ${sequence}`;
    want.set(k, Math.max(want.get(k) ?? 1, next));
  };
  for (const b of preBooks) {
    if (b.year <= 0) continue; // an import's companion book (AMSS++ duplicates), never numbered from
    raise(b.kind, b.year, 'main', b.next_no);
    raise(b.kind, b.year, 'circular', b.next_circular_no);
  }
  for (const [k, n] of readHighWater(store.sqlite.name)) {
    if (k === OUTBOX_KEY) continue;
    const [kind, year, sequence] = k.split(' ') as [string, string, Sequence];
    raise(kind, Number(year), sequence, n + 1);
  }
  const out: ContinuedNumber[] = [];
  for (const [k, next] of want) {
    const [kind, yearText, sequence] = k.split(' ') as [RegisterKind, string, Sequence];
    const year = Number(yearText);
    const book = ensureBook(store, kind, year);
    const before = sequence === 'main' ? book.nextNo : book.nextCircularNo;
    if (next <= before) continue;
    setNextNumber(store, { kind, year, sequence, next, reason: CONTINUE_REASON }, input.actor, input.at);
    out.push({ kind, year, sequence, before, after: next });
  }
  return out;
}

interface PreEntry {
  id: string;
  kind: string;
  year: number;
  register_no: number;
  circular_no: number | null;
  doc_no: string;
  subject: string;
  secrecy: string;
  registered_at: string;
  version: number;
  what: 'entry' | 'edits';
}

/** The entries (or edits) the restored register lacks, with the rows to bring them back. */
function listLostEntries(store: Store, input: CarryOverInput): number {
  const db = store.sqlite;
  const lost = db
    .prepare(
      `SELECT p.id, p.kind, p.year, p.register_no, p.circular_no, p.doc_no, p.subject, p.secrecy, p.registered_at, p.version,
              CASE WHEN m.id IS NULL THEN 'entry' ELSE 'edits' END AS what
         FROM pre.entries p LEFT JOIN main.entries m ON m.id = p.id
        WHERE m.id IS NULL OR m.version < p.version
        ORDER BY p.kind, p.year, p.register_no`,
    )
    .all() as PreEntry[];
  const entryRow = db.prepare('SELECT * FROM pre.entries WHERE id = ?');
  const versions = db.prepare('SELECT * FROM pre.entry_versions WHERE entry_id = ? ORDER BY version');
  const files = db.prepare('SELECT * FROM pre.entry_attachments WHERE entry_id = ? ORDER BY id');
  const blobs = db.prepare('SELECT b.* FROM pre.blobs b WHERE b.sha256 IN (SELECT sha256 FROM pre.entry_attachments WHERE entry_id = ?)');
  const insert = db.prepare(
    `INSERT INTO restore_losses (restored, restored_at, source, what, entry_id, kind, year, register_no, circular_no, doc_no, subject, secrecy, registered_at, version, snapshot)
     VALUES (?, ?, 'safety', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const e of lost) {
    const snapshot = { entry: entryRow.get(e.id), versions: versions.all(e.id), attachments: files.all(e.id), blobs: blobs.all(e.id) };
    insert.run(input.restored, input.at, e.what, e.id, e.kind, e.year, e.register_no, e.circular_no, e.doc_no, e.subject, e.secrecy, e.registered_at, e.version, JSON.stringify(snapshot));
  }
  return lost.length;
}

/** Numbers the high-water file says were issued, of which no entry is known anywhere. */
function listBareNumbers(store: Store, input: CarryOverInput): number {
  const db = store.sqlite;
  let n = 0;
  const known = db.prepare(
    `SELECT register_no AS no FROM main.entries WHERE kind = ? AND year = ? AND register_no > ?
     UNION SELECT register_no FROM main.restore_losses WHERE kind = ? AND year = ? AND register_no > ?`,
  );
  const highest = db.prepare('SELECT max(register_no) AS m FROM main.entries WHERE kind = ? AND year = ?');
  const insert = db.prepare(
    `INSERT INTO restore_losses (restored, restored_at, source, what, kind, year, register_no) VALUES (?, ?, 'numbers', 'number', ?, ?, ?)`,
  );
  for (const [k, hw] of readHighWater(store.sqlite.name)) {
    const [kind, yearText, sequence] = k.split(' ') as [string, string, Sequence];
    if (k === OUTBOX_KEY || sequence !== 'main') continue;
    const year = Number(yearText);
    const from = ((highest.get(kind, year) as { m: number | null }).m ?? 0) + 1;
    if (from > hw) continue;
    const seen = new Set((known.all(kind, year, from - 1, kind, year, from - 1) as { no: number }[]).map((r) => r.no));
    for (let no = from, listed = 0; no <= hw && listed < MAX_BARE_NUMBERS; no++) {
      if (seen.has(no)) continue;
      insert.run(input.restored, input.at, kind, year, no);
      listed++;
      n++;
    }
  }
  return n;
}

/** Copies the pre-restore register's open losses (an earlier restore's list) that the backup lacks. */
function keepEarlierLosses(store: Store): void {
  const hasTable = store.sqlite.prepare("SELECT 1 FROM pre.sqlite_master WHERE type = 'table' AND name = 'restore_losses'").get();
  if (!hasTable) return;
  store.sqlite
    .prepare(
      `INSERT INTO main.restore_losses (restored, restored_at, source, what, entry_id, kind, year, register_no, circular_no, doc_no, subject, secrecy, registered_at, version, snapshot, brought_back_at, brought_back_by)
       SELECT p.restored, p.restored_at, p.source, p.what, p.entry_id, p.kind, p.year, p.register_no, p.circular_no, p.doc_no, p.subject, p.secrecy, p.registered_at, p.version, p.snapshot, p.brought_back_at, p.brought_back_by
         FROM pre.restore_losses p
        WHERE NOT EXISTS (SELECT 1 FROM main.restore_losses m WHERE m.restored = p.restored AND m.restored_at = p.restored_at AND m.kind = p.kind AND m.year = p.year AND m.register_no = p.register_no)`,
    )
    .run();
}

/**
 * Outbox seq numbers already used must not be handed out again: the server answers a seq it
 * has seen with its first answer, and the new row would never arrive.
 */
function continueOutbox(store: Store, seq: number): void {
  store.sqlite.prepare("UPDATE main.sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'").run(seq);
  store.sqlite.prepare("INSERT INTO main.sqlite_sequence (name, seq) SELECT 'outbox', ? WHERE NOT EXISTS (SELECT 1 FROM main.sqlite_sequence WHERE name = 'outbox')").run(seq);
}

function fromPreRestore(store: Store, input: CarryOverInput): { preBooks: PreBook[]; lostEntries: number } {
  const preBooks = store.sqlite.prepare('SELECT kind, year, next_no, next_circular_no FROM pre.books').all() as PreBook[];
  continueOutbox(store, (store.sqlite.prepare("SELECT seq FROM pre.sqlite_sequence WHERE name = 'outbox'").get() as { seq: number } | undefined)?.seq ?? 0);
  keepEarlierLosses(store);
  return { preBooks, lostEntries: listLostEntries(store, input) };
}

/** Call right after the backup's pages were copied into the live register, before anything else writes. */
export function carryOverAfterRestore(store: Store, input: CarryOverInput): CarryOverResult {
  const attached = input.preFile !== null && attach(store, input.preFile);
  try {
    return store.tx(() => {
      const carried = carryEvents(store, input.trail);
      input.recordRestore();
      let preBooks: PreBook[] = [];
      let lostEntries = 0;
      if (attached) {
        try {
          // A savepoint: a damaged pre-restore file that fails half-way adds nothing.
          ({ preBooks, lostEntries } = store.tx(() => fromPreRestore(store, input)));
        } catch {
          preBooks = [];
          lostEntries = 0;
        }
      }
      continueOutbox(store, readHighWater(store.sqlite.name).get(OUTBOX_KEY) ?? 0);
      const continued = continueNumbers(store, preBooks, input);
      const lostNumbers = listBareNumbers(store, input);
      return { carriedEvents: carried, chainContinues: input.trail.continues, continued, lostEntries, lostNumbers };
    });
  } finally {
    if (attached) store.sqlite.exec('DETACH DATABASE pre');
  }
}
