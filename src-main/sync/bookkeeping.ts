// Short synchronous writes of the sync module on the local register (the outbox's states, the
// sync_* tables). Nothing here awaits: each function finishes its SQLite work before the caller
// goes back to the network.
import type { Store } from '../db/store.js';

export function run(store: Store, sql: string, ...params: unknown[]): number {
  return store.sqlite.prepare(sql).run(...params).changes;
}

/**
 * Sync's own bookkeeping (which rows the server has, the pull cursor) commits without waiting
 * for the disk: if a power cut loses it, the rows are sent again and answered `duplicate`. The
 * clerk's next registration (synchronous=FULL) flushes it anyway. Nothing awaits in between,
 * so no other write can run under the relaxed setting.
 */
export function bookkeeping<T>(store: Store, fn: () => T): T {
  store.sqlite.pragma('synchronous = NORMAL');
  try {
    return store.tx(fn);
  } finally {
    store.sqlite.pragma('synchronous = FULL');
  }
}
