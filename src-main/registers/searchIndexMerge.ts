// The search index (entries_fts, FTS5) keeps each transaction's terms as a new small segment
// and merges segments as they pile up. Left to FTS5 ("automerge"), that merging runs inside
// the commits that add rows: a clerk's registration now and then waited 20-60 ms on a 1,000,000-
// entry register, and every registration paid for it on average. Migration 0220 turns automerge
// off; the merging runs here instead, in small slices when the register is quiet. FTS5's
// crisis merge (16 segments on one level) still bounds the pile in long runs without a pause.
import type Database from 'better-sqlite3';
import type { Store } from '../db/store.js';

/** Pages written by one slice: a few milliseconds of the write lock. */
const SLICE_PAGES = 16;

/** One slice of merging; true while segments are left to merge. */
export function mergeSearchIndexSlice(sqlite: Database.Database): boolean {
  const changes = sqlite.prepare('SELECT total_changes()').pluck();
  const before = changes.get() as number;
  sqlite.transaction(() => sqlite.prepare("INSERT INTO entries_fts (entries_fts, rank) VALUES ('merge', ?)").run(SLICE_PAGES)).immediate();
  // FTS5's own signal: fewer than two changes means there was nothing to merge.
  return (changes.get() as number) - before >= 2;
}

export function mergeSearchIndexWhenIdle(store: Store): void {
  store.onIdle(() => mergeSearchIndexSlice(store.sqlite));
}
