// The transactional outbox, all of it: enqueue() writes a row inside the same store.tx() as the
// change it describes (that is what guarantees the sync module sees every change exactly
// once); the rest is how sync reads the pending rows, records the server's answers
// (sent, rejected) and re-queues a refused row.
import type { Selectable } from 'kysely';
import type { PushItem, PushResult } from '../../src-shared/syncSchemas.js';
import type { OutboxTable } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { bookkeeping, run } from './bookkeeping.js';
import { recordOutboxSeq } from '../registers/highWater.js';

export interface OutboxItem {
  idempotencyKey: string;
  entity: 'entry' | 'distribution';
  entityId: string;
  op: 'create' | 'edit' | 'cancel' | 'send' | 'receipt' | 'withdraw';
  payload: unknown;
  createdAt: string;
}

/** Answers the new row's seq (a sent document keeps it: its row's state is the sending state). */
export function enqueue(store: Store, item: OutboxItem): number {
  if (!store.sqlite.inTransaction) throw new Error('outbox rows are written only inside the change\'s own transaction');
  const r = store.insert('outbox', {
    idempotency_key: item.idempotencyKey,
    entity: item.entity,
    entity_id: item.entityId,
    op: item.op,
    payload: JSON.stringify(item.payload),
    created_at: item.createdAt,
  });
  // Beside the register, like the numbers: a restore cannot hand this seq out again (registers/highWater.ts).
  recordOutboxSeq(store, Number(r.lastInsertRowid));
  return Number(r.lastInsertRowid);
}

export type OutboxRow = Omit<Selectable<OutboxTable>, 'state' | 'reject_reason'>;


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

/**
 * Everything before the first pending row: where the server's counter starts at enrolment,
 * and the floor below which pull needs no acknowledgement.
 */
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
    // An entry's attachments, or a sent document's files: both travel before the item.
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
export const ackFloor = afterSeqForEnrolment;

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

/** A row the server fails on every time, set aside (see SyncEngine.setAsidePoison). */
export function markPoison(store: Store, seq: number, reason: string, at: string): void {
  bookkeeping(store, () => {
    run(store, "UPDATE outbox SET state = 'rejected', reject_code = 'poison', reject_reason = ?, sent_at = ? WHERE seq = ? AND state = 'pending'", reason, at, seq);
  });
}

/** The server is missing rows from `expected` on (its database was restored): send them again. */
export function resendFrom(store: Store, expected: number): number {
  return run(store, "UPDATE outbox SET state = 'pending', sent_at = NULL WHERE seq >= ? AND state = 'sent'", expected);
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
