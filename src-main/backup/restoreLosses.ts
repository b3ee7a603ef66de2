// The entries a restore took away, for the clerk: what the confirmation dialog says will be
// lost (before), the list of what was lost with what is known of it (after: from the
// pre-restore safety copy, from the central server, or only the number), and bringing an
// entry back with its original number, recorded like any change (version, outbox, audit).
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Entry, RegisterKind } from '../../src-shared/domain.js';
import { REGISTER_KINDS } from '../../src-shared/domain.js';
import { entryFields, type EntryFieldsInput } from '../../src-shared/schemas.js';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import type { RestoreLoss, RestoreLossPreview } from '../../src-shared/usersSchemas.js';
import type { Core } from '../core.js';
import type { EntriesTable } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { DomainError } from '../errors.js';
import { ensureBook, setNextNumber } from '../registers/books.js';
import { cancelEntry, updateEntry } from '../registers/entries.js';
import { readHighWater } from '../registers/highWater.js';
import { enqueue } from '../sync/outbox.js';
import { requireEntry } from '../registers/queries.js';
import { fetchServerBooks, fetchServerEntries, fetchServerFiles } from '../sync/restoreFromServer.js';
import { syncedEntry } from '../sync/syncPayload.js';
import { blobExists } from '../attachments/blobFiles.js';
import { appendAudit } from '../users/audit.js';
import { callerCanSeeSecret } from '../users/secrecy.js';
import { CONTINUE_REASON } from './carryOver.js';

const KINDS = new Set<string>(REGISTER_KINDS);

/** What restoring `backupFile` would take away from the register as it is now. */
export function previewRestoreLoss(store: Store, backupFile: string): RestoreLossPreview {
  const bk = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    const inBackup = new Map<string, number>();
    for (const r of bk.prepare('SELECT id, version FROM entries').iterate() as IterableIterator<{ id: string; version: number }>) inBackup.set(r.id, r.version);
    const books = new Map<string, { kind: string; year: number; circular: boolean; count: number; fromNo: number; toNo: number }>();
    let edits = 0;
    for (const r of store.sqlite.prepare('SELECT id, kind, year, register_no, version FROM entries WHERE year > 0').iterate() as IterableIterator<{ id: string; kind: string; year: number; register_no: number; version: number }>) {
      const had = inBackup.get(r.id);
      if (had === undefined) {
        // A circular's register_no is its ว number negated (registers/books.ts).
        const circular = r.register_no < 0;
        const no = Math.abs(r.register_no);
        const k = `${r.kind} ${r.year} ${circular}`;
        const b = books.get(k) ?? { kind: r.kind, year: r.year, circular, count: 0, fromNo: no, toNo: no };
        b.count++;
        b.fromNo = Math.min(b.fromNo, no);
        b.toNo = Math.max(b.toNo, no);
        books.set(k, b);
      } else if (had < r.version) edits++;
    }
    const hw = readHighWater(store.sqlite.name);
    const next = store
      .raw<{ kind: string; year: number; next_no: number }>('SELECT kind, year, next_no FROM books WHERE year > 0 ORDER BY year DESC, kind')
      .map((b) => ({ kind: b.kind, year: b.year, next: Math.max(b.next_no, (hw.get(`${b.kind} ${b.year} main`) ?? 0) + 1) }))
      .filter((b) => b.next > 1);
    const auditAfter = (() => {
      const last = (bk.prepare('SELECT max(seq) AS m FROM audit_events').get() as { m: number | null }).m ?? 0;
      return store.raw<{ n: number }>('SELECT count(*) AS n FROM audit_events WHERE seq > ?', [last])[0]?.n ?? 0;
    })();
    return { entries: [...books.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : Number(a.circular) - Number(b.circular))), edits, nextNumbers: next, auditEventsKept: auditAfter };
  } finally {
    bk.close();
  }
}

interface LossRow {
  id: number;
  restored: string;
  restored_at: string;
  source: 'safety' | 'server' | 'numbers';
  what: 'entry' | 'edits' | 'number';
  entry_id: string | null;
  kind: string;
  year: number;
  register_no: number;
  circular_no: number | null;
  doc_no: string;
  subject: string;
  secrecy: string;
  registered_at: string | null;
  version: number | null;
  snapshot: string | null;
  brought_back_at: string | null;
  brought_back_by: string | null;
}

const toLoss = (r: LossRow): RestoreLoss => ({
  id: r.id,
  restored: r.restored,
  restoredAt: r.restored_at,
  source: r.source,
  what: r.what,
  entryId: r.entry_id,
  kind: r.kind as RegisterKind,
  year: r.year,
  registerNo: r.register_no,
  circularNo: r.circular_no,
  docNo: r.doc_no,
  subject: r.subject,
  secrecy: r.secrecy as RestoreLoss['secrecy'],
  registeredAt: r.registered_at,
  canBringBack: r.snapshot !== null && r.brought_back_at === null,
  broughtBackAt: r.brought_back_at,
  broughtBackBy: r.brought_back_by,
});

/** The open list (what is still missing), then what was brought back, newest restore first. */
export function listRestoreLosses(store: Store): RestoreLoss[] {
  return store
    .raw<LossRow>('SELECT * FROM restore_losses ORDER BY brought_back_at IS NOT NULL, restored_at DESC, kind, year, register_no LIMIT 2000')
    .map(toLoss);
}

/**
 * After a restore, when a server is configured: the numbers continue after the server's too,
 * and the entries it holds that the register lacks are listed (with their data, to bring back).
 * Unreachable server: nothing more is known; the list says what the safety copy knew.
 */
export async function addServerLosses(core: Core, restored: string, at: string): Promise<number> {
  const books = await fetchServerBooks(core.store);
  if (books === null) return 0;
  const store = core.store;
  store.tx(() => {
    for (const b of books) {
      if (!KINDS.has(b.kind)) continue;
      const book = ensureBook(store, b.kind, b.year);
      if (b.nextNo > book.nextNo) setNextNumber(store, { kind: b.kind, year: b.year, sequence: 'main', next: b.nextNo, reason: CONTINUE_REASON }, 'ระบบกู้คืนข้อมูล', at);
    }
  });
  const entries = await fetchServerEntries(store);
  if (entries === null) return 0;
  const knownBefore = new Set(store.raw<{ id: string }>('SELECT id FROM entries UNION SELECT entry_id FROM restore_losses WHERE entry_id IS NOT NULL').map((r) => r.id));
  // Their files too, while the server is reachable (a secret entry's opened with the office key).
  await fetchServerFiles(store, entries.filter((e) => !knownBefore.has(e.id)));
  const known = new Set(store.raw<{ id: string }>('SELECT id FROM entries UNION SELECT entry_id FROM restore_losses WHERE entry_id IS NOT NULL').map((r) => r.id));
  const missing = entries.filter((e) => !known.has(e.id));
  store.tx(() => {
    const insert = store.sqlite.prepare(
      `INSERT INTO restore_losses (restored, restored_at, source, what, entry_id, kind, year, register_no, circular_no, doc_no, subject, secrecy, registered_at, version, snapshot)
       VALUES (?, ?, 'server', 'entry', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A number known only from the high-water file that the server knows: the server's is better.
    const bare = store.sqlite.prepare("DELETE FROM restore_losses WHERE source = 'numbers' AND kind = ? AND year = ? AND register_no = ? AND brought_back_at IS NULL");
    for (const e of missing) {
      bare.run(e.kind, e.year, e.registerNo);
      insert.run(restored, at, e.id, e.kind, e.year, e.registerNo, e.circularNo, e.docNo, e.subject, e.secrecy, e.registeredAt, e.version, JSON.stringify({ entry: e }));
    }
  });
  return missing.length;
}

type Row = Record<string, unknown>;

function fieldsOf(e: EntriesTable, circular: boolean): EntryFieldsInput {
  return {
    kind: e.kind,
    docNo: e.doc_no,
    docDate: e.doc_date,
    from: e.from_text,
    to: e.to_text,
    subject: e.subject,
    groupId: e.group_id,
    personId: e.person_id,
    remark: e.remark,
    urgency: e.urgency,
    secrecy: e.secrecy,
    signer: e.signer,
    recipient: e.recipient,
    replyToId: e.reply_to_id,
    circular,
  } as EntryFieldsInput;
}

function entryRowFromDomain(e: Entry): EntriesTable {
  return {
    id: e.id, book_id: 0, kind: e.kind, year: e.year, register_no: e.registerNo, circular_no: e.circularNo, doc_no: e.docNo, doc_date: e.docDate,
    from_text: e.from, to_text: e.to, subject: e.subject, group_id: e.groupId, person_id: e.personId, remark: e.remark, urgency: e.urgency,
    secrecy: e.secrecy, signer: e.signer, recipient: e.recipient, reply_to_id: e.replyToId, status: e.status, cancel_reason: e.cancelReason,
    registered_at: e.registeredAt, registered_on: e.registeredAt.slice(0, 10), version: e.version, updated_at: e.updatedAt, updated_by: e.updatedBy,
  };
}

/** Inserts the lost entry as it was, with its number, its versions and its files' rows. */
function insertAsItWas(core: Core, row: EntriesTable, versions: Row[], files: Row[], blobs: Row[]): void {
  const store = core.store;
  const db = store.sqlite;
  const book = ensureBook(store, row.kind as RegisterKind, row.year);
  const taken = db.prepare('SELECT 1 FROM entries WHERE book_id = ? AND (register_no = ? OR (circular_no IS NOT NULL AND circular_no = ?))').get(book.id, row.register_no, row.circular_no);
  if (taken) throw new DomainError('conflict', `เลขที่ ${row.register_no}/${row.year} มีรายการอื่นใช้อยู่แล้ว จึงนำรายการนี้กลับมาไม่ได้`);
  const exists = (table: string, id: unknown) => id !== null && db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  const entry = {
    ...row,
    book_id: book.id,
    group_id: exists('groups', row.group_id) ? row.group_id : null,
    person_id: exists('people', row.person_id) ? row.person_id : null,
    reply_to_id: exists('entries', row.reply_to_id) ? row.reply_to_id : null,
  };
  const cols = Object.keys(entry);
  db.prepare(`INSERT INTO entries (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(entry);
  db.prepare('UPDATE books SET entry_count = entry_count + 1 WHERE id = ?').run(book.id);
  for (const v of versions) db.prepare('INSERT OR IGNORE INTO entry_versions (id, entry_id, version, change, changed_at, changed_by, diff, snapshot) VALUES (@id, @entry_id, @version, @change, @changed_at, @changed_by, @diff, @snapshot)').run(v);
  for (const b of blobs) db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime_type, created_at) VALUES (@sha256, @size, @mime_type, @created_at)').run(b);
  for (const f of files) {
    db.prepare('INSERT INTO entry_attachments (entry_id, version_from, version_to, position, sha256, name, description) VALUES (@entry_id, @version_from, @version_to, @position, @sha256, @name, @description)').run(f);
  }
}

/** The file rows of an entry read from the server, for the files fetched onto this PC. */
function serverFileRows(core: Core, e: Entry): { files: Row[]; blobs: Row[] } {
  const files: Row[] = [];
  const blobs: Row[] = [];
  const at = localIsoTimestamp(core.now());
  for (const [i, a] of (Array.isArray(e.attachments) ? e.attachments : []).entries()) {
    if (typeof a?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(a.sha256) || !blobExists(core.dataDir, a.sha256)) continue;
    blobs.push({ sha256: a.sha256, size: a.size, mime_type: a.mimeType || 'application/octet-stream', created_at: at });
    files.push({ entry_id: e.id, version_from: e.version, version_to: null, position: a.position || i + 1, sha256: a.sha256, name: a.name || `ไฟล์ ${i + 1}`, description: a.description ?? '' });
  }
  return { files, blobs };
}

/** Brings one lost entry back (its original number), or its lost edits (as a new version). */
export function bringBackLoss(core: Core, id: number): RestoreLoss {
  const store = core.store;
  return store.tx(() => {
    const loss = store.raw<LossRow>('SELECT * FROM restore_losses WHERE id = ?', [id])[0];
    if (!loss) throw new DomainError('not_found', 'ไม่พบรายการนี้ในรายการที่หายจากการกู้คืน');
    if (loss.brought_back_at) throw new DomainError('conflict', 'นำรายการนี้กลับมาแล้ว');
    if (!loss.snapshot || !loss.entry_id) throw new DomainError('conflict', 'ไม่มีข้อมูลของรายการนี้ให้นำกลับมา ทราบเพียงเลขทะเบียนที่ออกไปแล้ว');
    if (loss.secrecy !== 'none' && !callerCanSeeSecret()) throw new DomainError('forbidden', 'รายการนี้เป็นหนังสือลับ ต้องมีสิทธิ์ดูหนังสือลับจึงนำกลับมาได้');
    const snap = JSON.parse(loss.snapshot) as { entry: unknown; versions?: Row[]; attachments?: Row[]; blobs?: Row[] };
    const ctx = core.writeContext();
    const at = localIsoTimestamp(ctx.now);
    if (loss.what === 'edits') {
      const was = snap.entry as EntriesTable;
      let current = requireEntry(store, loss.entry_id);
      const fields = entryFields.parse(fieldsOf(was, was.circular_no !== null));
      if (current.status === 'active') current = updateEntry(ctx, current.id, current.version, fields);
      if (was.status === 'cancelled' && current.status === 'active') cancelEntry(ctx, current.id, current.version, was.cancel_reason ?? 'ยกเลิกก่อนกู้คืนข้อมูล');
    } else {
      const fromServer = loss.source === 'server';
      const row = fromServer ? entryRowFromDomain(snap.entry as Entry) : (snap.entry as EntriesTable);
      const versions = fromServer
        ? [{ id: randomUUID(), entry_id: row.id, version: row.version, change: 'create', changed_at: at, changed_by: ctx.actor, diff: '{}', snapshot: JSON.stringify(snap.entry) }]
        : (snap.versions ?? []);
      const serverFiles = fromServer ? serverFileRows(core, snap.entry as Entry) : { files: [], blobs: [] };
      insertAsItWas(core, row, versions, fromServer ? serverFiles.files : (snap.attachments ?? []), fromServer ? serverFiles.blobs : (snap.blobs ?? []));
      const entry = requireEntry(store, row.id);
      // The server has it already when it came from there (same key: answered duplicate).
      const last = versions[versions.length - 1];
      enqueue(store, {
        idempotencyKey: typeof last?.id === 'string' ? last.id : randomUUID(),
        entity: 'entry',
        entityId: entry.id,
        op: 'create',
        // A secret entry leaves sealed or withheld, like any change (sync/syncPayload.ts).
        payload: { deviceId: core.deviceId, deviceTime: at, version: entry.version, entry: syncedEntry(store, entry) },
        createdAt: at,
      });
    }
    appendAudit(store, {
      action: 'entry.bringBack',
      entity: 'entry',
      entityId: loss.entry_id,
      actor: ctx.actor,
      at,
      secret: loss.secrecy !== 'none',
      after: { kind: loss.kind, year: loss.year, registerNo: loss.register_no, source: loss.source, what: loss.what, restored: loss.restored },
    });
    store.sqlite.prepare('UPDATE restore_losses SET brought_back_at = ?, brought_back_by = ? WHERE id = ?').run(at, ctx.actor, id);
    return toLoss(store.raw<LossRow>('SELECT * FROM restore_losses WHERE id = ?', [id])[0] as LossRow);
  });
}
