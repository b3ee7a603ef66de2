// WAL checkpoints off the clerk's path. SQLite's default copies the WAL back into the database
// at the commit that takes it past 1,000 pages: with ~30 pages a registration, every 30th
// registration would also write 4 MB and fsync the database file twice before the clerk sees
// the number. Instead the register checkpoints when it has been quiet for a moment; the
// automatic checkpoint stays, at a size no clerk reaches between pauses, as a bound on the WAL
// for long runs without a pause (an import, a bulk issue of certificates).
import type Database from 'better-sqlite3';

/** Pages the WAL may reach before a commit checkpoints anyway (about 40 MB). */
export const WAL_SAFETY_PAGES = 10_000;
const QUIET_MS = 1000;

export class IdleCheckpoint {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly quietMs = QUIET_MS,
  ) {
    sqlite.pragma(`wal_autocheckpoint = ${WAL_SAFETY_PAGES}`);
  }

  /** Called after each commit: the checkpoint waits until the writes pause. */
  wrote(): void {
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => this.run(), this.quietMs);
      // Never keeps a process (a test, a CLI) alive; closing the database checkpoints anyway.
      this.timer.unref();
    }
  }

  private run(): void {
    this.timer = null;
    // PASSIVE: copies what no reader still needs and never waits for a lock.
    if (this.sqlite.open && !this.sqlite.inTransaction) this.sqlite.pragma('wal_checkpoint(PASSIVE)');
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
