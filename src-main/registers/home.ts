// รายการหลัก: today's counts per register, the latest entries and what is urgent.
import type { HomeSummary } from '../../src-shared/contract.js';
import type { Store } from '../db/store.js';
import { countRegisteredOn, entriesRegisteredOn, toEntry, type EntryRow } from './queries.js';

export function homeSummary(store: Store, today: string): HomeSummary {
  const todays = entriesRegisteredOn(store, today);
  // Urgent = ด่วน/ด่วนมาก/ด่วนที่สุด registered today, or not yet given to a person to act on;
  // the most urgent first (index entries_urgent_any).
  const urgent = store
    .raw<EntryRow>(
      `SELECT e.*, g.name AS group_name, p.name AS person_name FROM entries e
       LEFT JOIN groups g ON g.id = e.group_id LEFT JOIN people p ON p.id = e.person_id
       WHERE e.urgency IN ('urgent', 'very_urgent', 'most_urgent') AND e.status = 'active'
         AND (e.registered_on = ? OR e.person_id IS NULL)
       ORDER BY CASE e.urgency WHEN 'most_urgent' THEN 0 WHEN 'very_urgent' THEN 1 ELSE 2 END, e.registered_at DESC, e.rowid DESC LIMIT 50`,
      [today],
    )
    .map(toEntry);
  return { today, counts: countRegisteredOn(store, today), latest: todays.slice(0, 10), urgent };
}
