// Carries out an import plan: one transaction per register book (kind and year). Files are
// checked and stored first (content-addressed, once), then the book's entries, versions,
// attachment rows, outbox rows (marked as history), sources, audit events and next numbers
// commit together. A failing row rolls its book back to how it was and is named in Thai;
// the other books still import.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import type { AttachmentRef, Entry } from '../../src-shared/domain.js';
import { REGISTER_LABELS } from '../../src-shared/domain.js';
import type { ImportBookResult, ImportResult } from '../../src-shared/importSchemas.js';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import { attachmentsRoot, blobPath, copyAndHash, ensureDirs, tmpPath, touch } from '../attachments/blobFiles.js';
import { checkFileType } from '../attachments/magic.js';
import type { Store } from '../db/store.js';
import type { Statement } from 'better-sqlite3';
import { ensureBook } from '../registers/books.js';
import { appendAudit, appendAuditBatch, type AuditInput } from '../users/audit.js';
import { flushFiles } from './flushFiles.js';
import { syncedEntry } from '../sync/syncPayload.js';
import type { ImportPlan, PlannedBook, PlannedFile, PlannedRow } from './importPlan.js';

export interface ApplyContext {
  store: Store;
  dataDir: string;
  deviceId: string;
  actor: string;
  now: Date;
}

export interface ApplyOptions {
  file: string;
  school: string | null;
  onProgress?: (done: number, total: number) => void;
}

/** Thai midnight of an AMSS++ date: AMSS++ kept no time of day. */
const registeredAt = (iso: string): string => (iso ? `${iso}T00:00:00+07:00` : '');

class RowError extends Error {}

const ENTRY_COLUMNS = `id, book_id, kind, year, register_no, circular_no, doc_no, doc_date, from_text, to_text, subject, group_id, person_id, remark,
  urgency, secrecy, signer, recipient, status, cancel_reason, registered_at, registered_on, updated_at, updated_by, reply_to_id, version`;
/** One entry's values for ENTRY_COLUMNS: 24 parameters, then no reply and version 1. */
const ENTRY_VALUES = `(${Array.from({ length: 24 }, () => '?').join(', ')}, NULL, 1)`;
const ENTRY_BATCH = 64;

/** A row waiting for its batch: its entry's values (in ENTRY_COLUMNS' order) and what its other rows need. */
interface Pending {
  row: PlannedRow;
  id: string;
  values: unknown[];
  groupId: number | null;
  personId: number | null;
  remark: string;
  signer: string;
  status: Entry['status'];
  registered: string;
}

const AUDIT_SLICE = 64;

/** What a run keeps between books to store each file once: content by source path, folders made, one copy buffer. */
interface FileStore {
  stored: Map<string, { sha256: string; size: number }>;
  dirs: Set<string>;
  buf: Buffer;
}

const newFileStore = (): FileStore => ({ stored: new Map(), dirs: new Set(), buf: Buffer.allocUnsafe(1024 * 1024) });

/** Copies a book's files into the attachment store (content-addressed, once); flushed later in one go. */
function storeFiles(ctx: ApplyContext, files: PlannedFile[], fs: FileStore, written: string[]): AttachmentRef[] {
  return files.map((f, i) => {
    let stored = fs.stored.get(f.path);
    if (!stored) {
      // The copy is what gets hashed and checked: a file changed after the preview is judged as it
      // is now. Copied and hashed in one pass through one buffer, never held whole.
      const temp = tmpPath(ctx.dataDir, randomUUID());
      let kept = false;
      try {
        let copied: { sha256: string; size: number };
        try {
          copied = copyAndHash(f.path, temp, fs.buf);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(f.path)) throw new RowError(`ไฟล์ ${f.name} หายไประหว่างนำเข้า`);
          throw e;
        }
        const type = checkFileType(temp, f.name);
        if (!type.ok) throw new RowError(type.message);
        const target = blobPath(ctx.dataDir, copied.sha256);
        if (existsSync(target)) touch(target);
        else {
          const dir = dirname(target);
          if (!fs.dirs.has(dir)) {
            mkdirSync(dir, { recursive: true });
            fs.dirs.add(dir);
          }
          renameSync(temp, target);
          kept = true;
          written.push(target);
        }
        stored = copied;
      } finally {
        if (!kept) rmSync(temp, { force: true });
      }
      fs.stored.set(f.path, stored);
    }
    return { sha256: stored.sha256, size: stored.size, name: f.name, mimeType: f.mimeType, description: f.description, position: i + 1 };
  });
}

function rowLabel(book: PlannedBook, row: PlannedRow): string {
  return `${REGISTER_LABELS[book.kind].book} ปี ${book.year} เลขทะเบียน ${row.source.registerNo} (ตาราง ${row.source.table} ms_id ${row.source.msId})`;
}

interface Lookups {
  group(name: string): number;
  person(name: string, groupId: number): number;
}

function lookups(store: Store): Lookups {
  const db = store.sqlite;
  const groups = new Map<string, number>();
  const people = new Map<string, number>();
  const findGroup = db.prepare('SELECT id FROM groups WHERE name = ?');
  const addGroup = db.prepare('INSERT INTO groups (name) VALUES (?)');
  const findPerson = db.prepare('SELECT id FROM people WHERE name = ? AND group_id = ?');
  const addPerson = db.prepare('INSERT INTO people (name, group_id) VALUES (?, ?)');
  return {
    group(name) {
      let id = groups.get(name);
      if (id === undefined) {
        id = (findGroup.get(name) as { id: number } | undefined)?.id ?? Number(addGroup.run(name).lastInsertRowid);
        groups.set(name, id);
      }
      return id;
    },
    person(name, groupId) {
      const k = `${groupId}\u0000${name}`;
      let id = people.get(k);
      if (id === undefined) {
        id = (findPerson.get(name, groupId) as { id: number } | undefined)?.id ?? Number(addPerson.run(name, groupId).lastInsertRowid);
        people.set(k, id);
      }
      return id;
    },
  };
}

type Staged = { refs: Map<PlannedRow, AttachmentRef[]> } | { error: ImportBookResult };

function failure(book: PlannedBook, row: PlannedRow | null, e: unknown): ImportBookResult {
  const raw = e instanceof Error ? e.message : String(e);
  // SQLite's own refusals are English: say in Thai what happened and keep its words for IT.
  const code = (e as { code?: unknown } | null)?.code;
  const why = typeof code === 'string' && code.startsWith('SQLITE_') ? `ทะเบียนไม่รับข้อมูลของแถวนี้ (${raw})` : raw;
  const where = row ? rowLabel(book, row) : `${REGISTER_LABELS[book.kind].book} ปี ${book.year}`;
  return {
    kind: book.kind,
    year: book.year,
    imported: 0,
    skipped: book.preview.alreadyImported,
    files: 0,
    error: `นำเข้าไม่สำเร็จที่ ${where}: ${why} — เล่มนี้ยังคงเหมือนก่อนนำเข้า`,
    nextNo: null,
    nextCircularNo: null,
  };
}

/** Files first, outside any transaction: a committed row never points at a file that is not there. */
function stageBook(ctx: ApplyContext, book: PlannedBook, files: FileStore, written: string[]): Staged {
  const refs = new Map<PlannedRow, AttachmentRef[]>();
  for (const row of book.rows) {
    try {
      if (row.files.length > 0) refs.set(row, storeFiles(ctx, row.files, files, written));
    } catch (e) {
      return { error: failure(book, row, e) };
    }
  }
  return { refs };
}

function importBook(ctx: ApplyContext, runId: string, book: PlannedBook, refs: Map<PlannedRow, AttachmentRef[]>, progress: () => void): ImportBookResult {
  const { store } = ctx;
  const db = store.sqlite;
  const at = localIsoTimestamp(ctx.now);
  const rows = book.rows.filter((r) => r.source.registerNo >= 1);
  let current: PlannedRow | null = null;
  try {
    // Entries go in 64 to a statement: each INSERT statement on entries flushes the full-text
    // index's pending terms (its trigger runs in a statement transaction), so row by row a year's
    // 35,000 entries made 35,000 tiny index segments to merge (12.7 s of CPU for 100,000 rows
    // against 5.3 s in batches of 64, measured on the bench's register).
    const entryStatements = new Map<number, Statement>();
    const insertEntries = (n: number): Statement => {
      let st = entryStatements.get(n);
      if (!st) {
        st = db.prepare(`INSERT INTO entries (${ENTRY_COLUMNS}) VALUES ${Array.from({ length: n }, () => ENTRY_VALUES).join(', ')}`);
        entryStatements.set(n, st);
      }
      return st;
    };
    const insertVersion = db.prepare(
      "INSERT INTO entry_versions (id, entry_id, version, change, changed_at, changed_by, diff, snapshot) VALUES (?, ?, 1, 'create', ?, ?, '{}', ?)",
    );
    const insertOutbox = db.prepare("INSERT INTO outbox (idempotency_key, entity, entity_id, op, payload, created_at) VALUES (?, 'entry', ?, 'create', ?, ?)");
    const insertBlob = db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime_type, created_at) VALUES (?, ?, ?, ?)');
    const insertAttachment = db.prepare(
      'INSERT INTO entry_attachments (entry_id, version_from, version_to, position, sha256, name, description) VALUES (?, 1, NULL, ?, ?, ?, ?)',
    );
    const insertSource = db.prepare(
      'INSERT INTO import_sources (source_key, entry_id, run_id, source_table, ms_id, ref_id, school_code, duplicate_no, problems) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const payloadHead = `{"deviceId":${JSON.stringify(ctx.deviceId)},"deviceTime":${JSON.stringify(at)},"version":1,"entry":`;
    return store.tx((): ImportBookResult => {
      const main = ensureBook(store, book.kind, book.year);
      let shadowId: number | null = null;
      const look = lookups(store);
      const audits: AuditInput[] = [];
      let realCount = 0;
      let files = 0;
      let maxNo = 0;
      let maxCircular = 0;
      const pending: Pending[] = [];
      /** Writes the pending rows: their entries in one statement, then each one's version, files, outbox row, source and audit event. */
      const flush = (): void => {
        if (pending.length === 0) return;
        try {
          insertEntries(pending.length).run(pending.flatMap((p) => p.values));
        } catch (e) {
          // Name the row: one by one, the failing one stops with `current` on it (the book rolls back).
          for (const p of pending) {
            current = p.row;
            insertEntries(1).run(p.values);
          }
          current = null;
          throw e;
        }
        for (const { row, id, groupId, personId, remark, signer, status, registered } of pending) {
          current = row;
          const s = row.source;
          const attachments = refs.get(row) ?? [];
          // A new entry's first version: its files are simply slots 1..n (records.ts writeEntryAttachments
          // does the same, with the closing of replaced slots an import never needs).
          for (const a of attachments) {
            insertBlob.run(a.sha256, a.size, a.mimeType, at);
            insertAttachment.run(id, a.position, a.sha256, a.name, a.description);
          }
          files += attachments.length;
          const entry: Entry = {
            id,
            kind: s.kind,
            year: s.year,
            registerNo: s.registerNo,
            circularNo: row.circularNo,
            docNo: s.docNo,
            docDate: s.docDate,
            from: s.from,
            to: s.to,
            subject: s.subject,
            groupId,
            groupName: row.groupName,
            personId,
            personName: personId === null ? null : row.personName,
            remark,
            urgency: s.urgency,
            secrecy: s.secrecy,
            signer,
            recipient: s.recipient,
            replyToId: null,
            status,
            cancelReason: s.cancelReason,
            registeredAt: registered,
            version: 1,
            updatedAt: at,
            updatedBy: row.registeredBy,
            attachments,
          };
          const versionId = randomUUID();
          // Serialised once: the version's snapshot and the outbox payload carry the same text.
          const entryJson = JSON.stringify(entry);
          insertVersion.run(versionId, id, registered || at, row.registeredBy, entryJson);
          const source = { system: 'amss', table: s.table, msId: s.msId, refId: s.refId, schoolCode: s.schoolCode };
          // History, not a new registration: the server stores it without claiming the book. The
          // payload sync/outbox.ts enqueue() would write for {deviceId, deviceTime, version, entry,
          // origin, source}, put together around the entry's text, in this book's transaction.
          // A secret letter's content leaves sealed or withheld, like any entry (sync/syncPayload.ts).
          const syncedJson = entry.secrecy === 'none' ? entryJson : JSON.stringify(syncedEntry(store, entry));
          insertOutbox.run(versionId, id, `${payloadHead}${syncedJson},"origin":"import","source":${JSON.stringify(source)}}`, at);
          insertSource.run(row.key, id, runId, s.table, s.msId, s.refId, s.schoolCode, row.duplicate ? s.registerNo : null, JSON.stringify(row.problems));
          audits.push({
            action: 'entry.import',
            entity: 'entry',
            entityId: id,
            actor: ctx.actor,
            at,
            secret: s.secrecy !== 'none',
            after: { kind: s.kind, year: s.year, registerNo: s.registerNo, subject: s.subject, source },
          });
          // In small slices: events held across the young generation's collections are promoted to
          // the old one and stay there as garbage until the next full collection (slices of 1,000
          // promoted ~0.8 MB per collection, ~60 MB over a 35,000-row book).
          if (audits.length >= AUDIT_SLICE) appendAuditBatch(store, audits.splice(0));
          if (!row.duplicate) realCount++;
          maxNo = Math.max(maxNo, s.registerNo);
          if (row.circularNo !== null) maxCircular = Math.max(maxCircular, row.circularNo);
          progress();
        }
        pending.length = 0;
      };
      for (const row of rows) {
        current = row;
        const s = row.source;
        if (row.duplicate && shadowId === null) shadowId = ensureBook(store, book.kind, -book.year).id;
        const bookId = row.duplicate ? (shadowId as number) : main.id;
        const groupId = row.groupName ? look.group(row.groupName) : null;
        const personId = row.personName && groupId !== null ? look.person(row.personName, groupId) : null;
        const remark = [s.remark, s.operation && personId === null ? `ผู้ปฏิบัติ: ${s.operation}` : '', row.duplicate ? `เลขทะเบียนซ้ำใน AMSS++ (ms_id ${s.msId})` : '']
          .filter(Boolean)
          .join(' / ');
        const signer = s.kind === 'certificate' ? (s.signer ? s.signer : '') : '';
        const id = randomUUID();
        const status: Entry['status'] = s.cancelReason !== null ? 'cancelled' : 'active';
        const registered = registeredAt(s.registeredOn);
        // In ENTRY_COLUMNS' order.
        const values = [id, bookId, s.kind, s.year, s.registerNo, row.circularNo, s.docNo, s.docDate, s.from, s.to, s.subject, groupId, personId,
          remark, s.urgency, s.secrecy, signer, s.recipient, status, s.cancelReason, registered, s.registeredOn, at, row.registeredBy];
        pending.push({ row, id, values, groupId, personId, remark, signer, status, registered });
        if (pending.length === ENTRY_BATCH) flush();
      }
      flush();
      current = null;
      appendAuditBatch(store, audits);
      if (shadowId !== null) db.prepare('UPDATE books SET entry_count = entry_count + ? WHERE id = ?').run(rows.length - realCount, shadowId);
      db.prepare('UPDATE books SET entry_count = entry_count + ? WHERE id = ?').run(realCount, main.id);
      // The next numbers continue after the highest imported one, recorded like any change.
      const label = REGISTER_LABELS[book.kind].book;
      const moves: { sequence: 'main' | 'circular'; before: number; after: number }[] = [];
      if (maxNo + 1 > main.nextNo) moves.push({ sequence: 'main', before: main.nextNo, after: maxNo + 1 });
      if (book.kind === 'outgoing' && maxCircular + 1 > main.nextCircularNo) moves.push({ sequence: 'circular', before: main.nextCircularNo, after: maxCircular + 1 });
      for (const m of moves) {
        const highest = m.after - 1;
        const reason = `นำเข้าจาก AMSS++: เลข${m.sequence === 'circular' ? ' ว' : 'ทะเบียน'}สูงสุดที่นำเข้าคือ ${highest} เลขถัดไปจึงเป็น ${m.after}`;
        db.prepare(m.sequence === 'main' ? 'UPDATE books SET next_no = ? WHERE id = ?' : 'UPDATE books SET next_circular_no = ? WHERE id = ?').run(m.after, main.id);
        db.prepare('INSERT INTO number_changes (book_id, sequence, before, after, reason, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          main.id,
          m.sequence,
          m.before,
          m.after,
          reason,
          ctx.actor,
          at,
        );
        const what = { kind: book.kind, year: book.year, sequence: m.sequence };
        appendAudit(store, { action: 'number.change', entity: 'book', entityId: String(main.id), actor: ctx.actor, at, before: { ...what, next: m.before }, after: { ...what, next: m.after, reason } });
      }
      appendAudit(store, {
        action: 'import.book',
        entity: 'book',
        entityId: String(main.id),
        actor: ctx.actor,
        at,
        after: { runId, register: label, year: book.year, imported: rows.length, duplicates: rows.length - realCount, files },
      });
      const after = store.raw<{ next_no: number; next_circular_no: number }>('SELECT next_no, next_circular_no FROM books WHERE id = ?', [main.id])[0];
      return {
        kind: book.kind,
        year: book.year,
        imported: rows.length,
        skipped: book.preview.alreadyImported,
        files,
        error: null,
        nextNo: after?.next_no ?? null,
        nextCircularNo: book.kind === 'outgoing' ? (after?.next_circular_no ?? null) : null,
      };
    });
  } catch (e) {
    return failure(book, current, e);
  }
}

export interface ImportRun {
  /** Carries out these books now: their files first (flushed), then one transaction per book. */
  applyBooks(books: PlannedBook[]): void;
  /** Records the run's end (with the rows' totals when they were only known at the end). */
  finish(rows?: unknown): ImportResult;
}

/** Opens an import run; `onRow` is told after each imported row (for progress). */
export function startRun(ctx: ApplyContext, opts: { file: string; school: string | null; rows: unknown }, onRow?: (done: number) => void): ImportRun {
  const { store } = ctx;
  ensureDirs(ctx.dataDir);
  const runId = randomUUID();
  const at = localIsoTimestamp(ctx.now);
  store.tx(() => {
    store.sqlite
      .prepare('INSERT INTO import_runs (id, system, source_file, school_code, actor, started_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(runId, 'amss', opts.file, opts.school, ctx.actor, at);
    appendAudit(store, { action: 'import.start', entity: 'import', entityId: runId, actor: ctx.actor, at, after: { file: opts.file, school: opts.school, rows: opts.rows } });
  });
  let done = 0;
  const fileStore = newFileStore();
  const results: ImportBookResult[] = [];
  return {
    applyBooks(books) {
      const written: string[] = [];
      const staged = books.map((book) => (book.preview.blocked || book.rows.length === 0 ? null : stageBook(ctx, book, fileStore, written)));
      flushFiles(attachmentsRoot(ctx.dataDir), written);
      // A year's register is tens of thousands of rows into five indexes and the trigram index: a
      // larger page cache for the import's transactions (32 MB instead of SQLite's 2 MB) halves its time.
      const cacheBefore = store.sqlite.pragma('cache_size', { simple: true }) as number;
      store.sqlite.pragma('cache_size = -32768');
      try {
        for (const [i, book] of books.entries()) {
          const s = staged[i];
          if (book.preview.blocked) {
            results.push({ kind: book.kind, year: book.year, imported: 0, skipped: book.preview.alreadyImported, files: 0, error: book.preview.blocked, nextNo: null, nextCircularNo: null });
          } else if (!s) {
            results.push({ kind: book.kind, year: book.year, imported: 0, skipped: book.preview.alreadyImported, files: 0, error: null, nextNo: book.preview.nextNo, nextCircularNo: book.preview.nextCircularNo });
          } else if ('error' in s) results.push(s.error);
          else {
            results.push(importBook(ctx, runId, book, s.refs, () => onRow?.(++done)));
            // A committed (or rolled back) book's rows are not needed again: let them go before the next.
            book.rows = [];
            s.refs.clear();
          }
        }
      } finally {
        store.sqlite.pragma(`cache_size = ${Number(cacheBefore)}`);
      }
    },
    finish(rows) {
      const result: ImportResult = { runId, books: results, imported: results.reduce((n, b) => n + b.imported, 0), failedBooks: results.filter((b) => b.error !== null).length };
      store.tx(() => {
        store.sqlite.prepare('UPDATE import_runs SET finished_at = ?, summary = ? WHERE id = ?').run(localIsoTimestamp(new Date()), JSON.stringify(result), runId);
        appendAudit(store, { action: 'import.finish', entity: 'import', entityId: runId, actor: ctx.actor, at, after: { imported: result.imported, failedBooks: result.failedBooks, ...(rows === undefined ? {} : { rows }) } });
      });
      return result;
    },
  };
}

/** Imports every book of the plan that is not blocked and has something new. */
export async function applyPlan(ctx: ApplyContext, plan: ImportPlan, opts: ApplyOptions): Promise<ImportResult> {
  const total = plan.books.reduce((n, b) => n + (b.preview.blocked ? 0 : b.rows.length), 0);
  const run = startRun(ctx, { file: opts.file, school: opts.school, rows: plan.preview.totals }, (done) => {
    if (done % 500 === 0) opts.onProgress?.(done, total);
  });
  for (const book of plan.books) {
    // Between books the event loop runs: the screen's progress polls are answered. A book's own
    // transaction holds the register's write lock to its end (other writes wait for it).
    await setImmediate();
    run.applyBooks([book]);
  }
  opts.onProgress?.(total, total);
  return run.finish();
}
