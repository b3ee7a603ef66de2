// Entries for the sync tests, registered through the real register engine.
import type { Entry } from '../../../src-shared/domain.js';
import type { TestApp } from '../core.js';
import { findEntry } from '../../../src-main/registers/queries.js';
import { incoming, outgoing } from '../entries.js';

/** Registers n entries alternating incoming/outgoing; every 50th is edited, every 97th cancelled. */
export async function registerMany(app: TestApp, n: number, prefix = 'เรื่อง'): Promise<void> {
  for (let i = 0; i < n; i++) {
    const fields = i % 2 === 0 ? incoming(`${prefix} ${i}`) : outgoing(`${prefix} ${i}`);
    const e = await app.must('entries.create', fields);
    if (i % 50 === 49) await app.must('entries.update', { id: e.id, expectedVersion: e.version, fields: { ...fields, subject: `${prefix} ${i} (แก้ไข)` } });
    else if (i % 97 === 96) await app.must('entries.cancel', { id: e.id, expectedVersion: e.version, reason: 'ลงซ้ำ' });
  }
}

export function localEntries(app: TestApp): Entry[] {
  const ids = app.core.store.raw<{ id: string }>('SELECT id FROM entries ORDER BY id').map((r) => r.id);
  return ids.map((id) => findEntry(app.core.store, id) as Entry);
}

export function outboxCounts(app: TestApp): Record<string, number> {
  const rows = app.core.store.raw<{ state: string; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state');
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

