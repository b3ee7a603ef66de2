// The sync module's view of the local register: short synchronous reads and writes on the
// outbox and the sync_* tables (migrations/local/0030_sync.sql). Nothing here awaits: each
// function finishes its SQLite work before the caller goes back to the network.
import type { Selectable } from 'kysely';
import type { OutboxTable } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { setNextNumber } from '../registers/books.js';
import { DIST_PULL_TYPES, type DistPullItem } from '../../src-shared/distributionSchemas.js';
import { applyDistributionItem } from '../distribution/inbox.js';
import type { BookHolding, EnrolResponse, OrgKind, PullItem, PushItem, PushResult } from '../../src-shared/syncSchemas.js';

/** What the server answered at enrolment, and where and when. */
export interface SyncConfig extends EnrolResponse {
  serverUrl: string;
  enrolledAt: string;
}

export interface SyncStateRow {
  pull_cursor: number;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
}

export type OutboxRow = Omit<Selectable<OutboxTable>, 'state' | 'reject_reason'>;

function run(store: Store, sql: string, ...params: unknown[]): number {
  return store.sqlite.prepare(sql).run(...params).changes;
}

/**
 * Sync's own bookkeeping (which rows the server has, the pull cursor) commits without waiting
 * for the disk: if a power cut loses it, the rows are sent again and answered `duplicate`. The
 * clerk's next registration (synchronous=FULL) flushes it anyway. Nothing awaits in between,
 * so no other write can run under the relaxed setting.
 */
function bookkeeping<T>(store: Store, fn: () => T): T {
  store.sqlite.pragma('synchronous = NORMAL');
  try {
    return store.tx(fn);
  } finally {
    store.sqlite.pragma('synchronous = FULL');
  }
}

export function readConfig(store: Store): SyncConfig | null {
  const row = store.raw<Record<string, string>>('SELECT * FROM sync_config WHERE id = 1')[0];
  if (!row) return null;
  return {
    serverUrl: row.server_url as string,
    deviceId: row.device_id as string,
    orgId: row.org_id as string,
    orgName: row.org_name as string,
    orgKind: row.org_kind as OrgKind,
    credential: row.credential as string,
    credentialExpiresAt: row.credential_expires_at as string,
    enrolledAt: row.enrolled_at as string,
  };
}

export function saveConfig(store: Store, c: SyncConfig): void {
  store.tx(() => {
    run(store, 'DELETE FROM sync_config');
    run(
      store,
      'INSERT INTO sync_config (id, server_url, device_id, org_id, org_name, org_kind, credential, credential_expires_at, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)',
      c.serverUrl, c.deviceId, c.orgId, c.orgName, c.orgKind, c.credential, c.credentialExpiresAt, c.enrolledAt,
    );
    // A new enrolment starts a new feed: its cursor and its book list belong to that server.
    run(store, 'UPDATE sync_state SET pull_cursor = 0, last_error = NULL');
    run(store, 'DELETE FROM sync_books');
  });
}

export function readState(store: Store): SyncStateRow {
  return store.raw<SyncStateRow>('SELECT pull_cursor, last_success_at, last_attempt_at, last_error FROM sync_state WHERE id = 1')[0] as SyncStateRow;
}

export function recordAttempt(store: Store, at: string, error: string | null, success: boolean): void {
  bookkeeping(store, () => recordAttemptNow(store, at, error, success));
}

function recordAttemptNow(store: Store, at: string, error: string | null, success: boolean): void {
  if (success) run(store, 'UPDATE sync_state SET last_attempt_at = ?, last_success_at = ?, last_error = NULL WHERE id = 1', at, at);
  else run(store, 'UPDATE sync_state SET last_attempt_at = ?, last_error = ? WHERE id = 1', at, error);
}

export function pendingBatch(store: Store, limit: number): OutboxRow[] {
  return store.raw<OutboxRow>(
    "SELECT seq, idempotency_key, entity, entity_id, op, payload, created_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?",
    [limit],
  );
}

export function pendingCount(store: Store): number {
  return store.raw<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'")[0]?.n ?? 0;
}

export function lastSeq(store: Store): number {
  return store.raw<{ s: number | null }>('SELECT max(seq) AS s FROM outbox')[0]?.s ?? 0;
}

/** The seq the server's counter starts after at enrolment: everything before the first pending row. */
export function afterSeqForEnrolment(store: Store): number {
  const first = store.raw<{ s: number | null }>("SELECT min(seq) AS s FROM outbox WHERE state = 'pending'")[0]?.s;
  return first ? first - 1 : lastSeq(store);
}

/** The push request body, built around the payloads' stored JSON text (no parse, no re-stringify). */
export function pushBody(rows: OutboxRow[]): string {
  const items = rows.map(
    (r) =>
      `{"seq":${r.seq},"key":${JSON.stringify(r.idempotency_key)},"entity":${JSON.stringify(r.entity)},"entityId":${JSON.stringify(r.entity_id)},"op":${JSON.stringify(r.op)},"payload":${r.payload}}`,
  );
  return `{"items":[${items.join(',')}]}`;
}

/** The SHA-256 of every attachment the rows' entries reference (a missing field means none). */
export function referencedBlobs(rows: OutboxRow[]): string[] {
  const shas = new Set<string>();
  for (const r of rows) {
    if (!r.payload.includes('"attachments"') && !r.payload.includes('"files"')) continue;
    const p = JSON.parse(r.payload) as { entry?: { attachments?: unknown }; document?: { files?: unknown } } | null;
    const list = p?.entry?.attachments ?? p?.document?.files;
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      const sha = (a as { sha256?: unknown } | null)?.sha256;
      if (typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha)) shas.add(sha);
    }
  }
  return [...shas];
}

/** Rows below this seq are all answered: pull needs no acknowledgement for them. */
export function ackFloor(store: Store): number {
  const first = store.raw<{ s: number | null }>("SELECT min(seq) AS s FROM outbox WHERE state = 'pending'")[0]?.s;
  return first ? first - 1 : lastSeq(store);
}

export function toPushItems(rows: OutboxRow[]): PushItem[] {
  return rows.map((r) => ({
    seq: r.seq,
    key: r.idempotency_key,
    entity: r.entity,
    entityId: r.entity_id,
    op: r.op,
    payload: JSON.parse(r.payload) as unknown,
  }));
}

/** Applies the server's per-item answers in one short transaction. */
export function applyPushResults(store: Store, results: PushResult[], at: string): void {
  const accepted: number[] = [];
  bookkeeping(store, () => {
    for (const r of results) {
      if (r.status === 'accepted' || (r.status === 'duplicate' && r.original === 'accepted')) {
        accepted.push(r.seq);
        continue;
      }
      const rejected = r.status === 'rejected' || (r.status === 'duplicate' && r.original === 'rejected');
      if (rejected) {
        run(
          store,
          "UPDATE outbox SET state = 'rejected', reject_code = ?, reject_reason = ?, sent_at = ? WHERE seq = ? AND state = 'pending'",
          r.code ?? null, r.reason ?? 'เซิร์ฟเวอร์ไม่รับรายการนี้', at, r.seq,
        );
      }
    }
    // One statement for the whole batch: the transaction stays short.
    run(store, "UPDATE outbox SET state = 'sent', sent_at = ? WHERE seq IN (SELECT value FROM json_each(?)) AND state = 'pending'", at, JSON.stringify(accepted));
  });
}

/** The server is missing rows from `expected` on (its database was restored): send them again. */
export function resendFrom(store: Store, expected: number): number {
  return run(store, "UPDATE outbox SET state = 'pending', sent_at = NULL WHERE seq >= ? AND state = 'sent'", expected);
}

/**
 * Applies one page of pull in one transaction, with the new cursor. An item of a kind this
 * version does not understand stops the page there: the cursor stays before it (so nothing is
 * skipped once the app is updated) and the item is returned for the clerk to be told.
 */
export function applyPull(store: Store, items: PullItem[], cursor: number, at: string, myDeviceId: string): PullItem | null {
  return bookkeeping(store, () => {
    let reached = readState(store).pull_cursor;
    for (const item of items) {
      if (item.type !== 'ack' && item.type !== 'book' && !isDistPullItem(item)) {
        run(store, 'UPDATE sync_state SET pull_cursor = ? WHERE id = 1', reached);
        return item;
      }
      reached = item.serverSeq;
      if (item.type === 'ack') {
        // An answer lost on the way back arrives here instead.
        if (item.status === 'accepted') run(store, "UPDATE outbox SET state = 'sent', sent_at = ? WHERE seq = ? AND state = 'pending'", at, item.seq);
        else run(store, "UPDATE outbox SET state = 'rejected', reject_reason = ?, sent_at = ? WHERE seq = ? AND state = 'pending'", item.reason, at, item.seq);
      } else if (item.type === 'book') {
        saveBook(store, item.book, at);
        if (item.book.holderDeviceId === myDeviceId) continueNumbering(store, item.book, at);
      } else applyDistributionItem(store, item, at);
    }
    run(store, 'UPDATE sync_state SET pull_cursor = ? WHERE id = 1', cursor);
    return null;
  });
}

const DIST_TYPES = new Set<string>(DIST_PULL_TYPES);
const isDistPullItem = (item: PullItem): item is DistPullItem => DIST_TYPES.has(item.type);

/** A book handed to this device continues from the server's next number, never reusing one. */
function continueNumbering(store: Store, b: BookHolding, at: string): void {
  const local = store.raw<{ next_no: number }>('SELECT next_no FROM books WHERE kind = ? AND year = ?', [b.kind, b.year])[0];
  if (local && local.next_no >= b.nextNo) return;
  const used = store.raw<{ m: number | null }>(
    'SELECT max(e.register_no) AS m FROM entries e JOIN books k ON k.id = e.book_id WHERE k.kind = ? AND k.year = ?',
    [b.kind, b.year],
  )[0]?.m;
  if ((used ?? 0) >= b.nextNo) return; // this device wrote further itself (its items were refused): keep
  setNextNumber(store, { kind: b.kind, year: b.year, sequence: 'main', next: b.nextNo, reason: 'รับมอบทะเบียนจากเครื่องอื่นผ่านเซิร์ฟเวอร์' }, 'ระบบซิงก์', at);
}

export function saveBook(store: Store, b: BookHolding, at: string): void {
  run(
    store,
    'INSERT INTO sync_books (kind, year, holder_device_id, next_no, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, year) DO UPDATE SET holder_device_id = excluded.holder_device_id, next_no = excluded.next_no, updated_at = excluded.updated_at',
    b.kind, b.year, b.holderDeviceId, b.nextNo, at,
  );
}

export interface RejectedRow extends OutboxRow {
  reject_reason: string | null;
  reject_code: string | null;
}

export function rejectedRows(store: Store, limit = 500): RejectedRow[] {
  return store.raw<RejectedRow>(
    "SELECT seq, idempotency_key, entity, entity_id, op, payload, created_at, reject_reason, reject_code FROM outbox WHERE state = 'rejected' AND resolved_at IS NULL ORDER BY seq LIMIT ?",
    [limit],
  );
}

/** Re-queues a rejected row as a new outbox row (a new seq and key); the old one is marked resolved. */
export function requeueRejected(store: Store, seq: number, at: string): number | null {
  return store.tx(() => {
    const row = store.raw<OutboxRow & { resolved_at: string | null }>(
      "SELECT seq, idempotency_key, entity, entity_id, op, payload, created_at, resolved_at FROM outbox WHERE seq = ? AND state = 'rejected'",
      [seq],
    )[0];
    if (!row || row.resolved_at) return null;
    run(store, 'UPDATE outbox SET resolved_at = ? WHERE seq = ?', at, seq);
    const info = store.sqlite
      .prepare('INSERT INTO outbox (idempotency_key, entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(`${row.idempotency_key}#retry-${seq}`, row.entity, row.entity_id, row.op, row.payload, at);
    return Number(info.lastInsertRowid);
  });
}
