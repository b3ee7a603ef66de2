// The transactional outbox. enqueue() must be called inside the same store.tx() as the change
// it describes: that is what guarantees the sync module sees every change exactly once.
import type { Store } from '../db/store.js';

export interface OutboxItem {
  idempotencyKey: string;
  entity: 'entry' | 'distribution';
  entityId: string;
  op: 'create' | 'edit' | 'cancel' | 'send' | 'receipt' | 'withdraw';
  payload: unknown;
  createdAt: string;
}

export function enqueue(store: Store, item: OutboxItem): number {
  if (!store.sqlite.inTransaction) throw new Error('outbox rows are written only inside the change\'s own transaction');
  const r = store.run(
    store.q.insertInto('outbox').values({
      idempotency_key: item.idempotencyKey,
      entity: item.entity,
      entity_id: item.entityId,
      op: item.op,
      payload: JSON.stringify(item.payload),
      created_at: item.createdAt,
    }),
  );
  return Number(r.lastInsertRowid);
}
