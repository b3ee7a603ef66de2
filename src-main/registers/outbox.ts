// The transactional outbox. enqueue() must be called inside the same store.tx() as the change
// it describes: that is what guarantees the sync module sees every change exactly once.
import type { Store } from '../db/store.js';
import { recordOutboxSeq } from './highWater.js';

export interface OutboxItem {
  idempotencyKey: string;
  entity: 'entry';
  entityId: string;
  op: 'create' | 'edit' | 'cancel';
  payload: unknown;
  createdAt: string;
}

export function enqueue(store: Store, item: OutboxItem): void {
  if (!store.sqlite.inTransaction) throw new Error('outbox rows are written only inside the change\'s own transaction');
  const { lastInsertRowid } = store.run(
    store.q.insertInto('outbox').values({
      idempotency_key: item.idempotencyKey,
      entity: item.entity,
      entity_id: item.entityId,
      op: item.op,
      payload: JSON.stringify(item.payload),
      created_at: item.createdAt,
    }),
  );
  // Beside the register, like the numbers: a restore cannot hand this seq out again (highWater.ts).
  recordOutboxSeq(store, Number(lastInsertRowid));
}
