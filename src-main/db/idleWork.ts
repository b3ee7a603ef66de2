// Work off the clerk's path, done when the register has been quiet for a moment.
// - WAL checkpoints: SQLite's default copies the WAL back into the database at the commit that
//   takes it past 1,000 pages: with ~30 pages a registration, every 30th registration would also
//   write 4 MB and fsync the database file twice before the clerk sees the number. The automatic
//   checkpoint stays, at a size no clerk reaches between pauses, as a bound on the WAL for long
//   runs without a pause (an import, a bulk issue of certificates). Once every frame is in the
//   database, the next write starts the WAL over, and starting over fsyncs the WAL's new header
//   before the first frame: two fsyncs in the clerk's next registration instead of one. So the
//   pause starts it over itself, with a write that changes nothing.
// - Idle tasks (Store.onIdle), e.g. merging the search index's segments: one slice at a time, each
//   its own short transaction; a write in between puts the rest off until the next pause.
import type Database from 'better-sqlite3';

/** Pages the WAL may reach before a commit checkpoints anyway (about 40 MB). */
export const WAL_SAFETY_PAGES = 10_000;
const QUIET_MS = 1000;

/** One slice of deferred work; answers true while more is left. */
export type IdleTask = () => boolean;

export class IdleWork {
  private timer: NodeJS.Timeout | null = null;
  private timerMs = 0;
  private readonly tasks: IdleTask[] = [];

  constructor(
    private readonly sqlite: Database.Database,
    private readonly quietMs = QUIET_MS,
    private readonly log: (e: unknown) => void = console.error,
  ) {
    sqlite.pragma(`wal_autocheckpoint = ${WAL_SAFETY_PAGES}`);
  }

  add(task: IdleTask): void {
    this.tasks.push(task);
  }

  /** Called after each commit: the idle work waits until the writes pause. */
  wrote(): void {
    if (this.timer && this.timerMs === this.quietMs) this.timer.refresh();
    else this.schedule(this.quietMs);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerMs = ms;
    this.timer = setTimeout(() => this.run(), ms);
    // Never keeps a process (a test, a CLI) alive; closing the database checkpoints anyway.
    this.timer.unref();
  }

  private run(): void {
    this.timer = null;
    if (!this.sqlite.open || this.sqlite.inTransaction) return;
    // Idle work never waits for a lock another process holds (an import run from the command
    // line): busy, it is left for the next pause instead of holding the app for busy_timeout.
    const busyTimeout = this.sqlite.pragma('busy_timeout', { simple: true }) as number;
    this.sqlite.pragma('busy_timeout = 0');
    try {
      // The next slice after the event loop has had its turn: a clerk's call goes first.
      for (const task of this.tasks) if (task()) return this.schedule(0);
      this.checkpoint();
    } catch (e) {
      // From a timer nothing may throw (it would end the app); the next pause tries again.
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') this.log(e);
    } finally {
      if (this.sqlite.open) this.sqlite.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }

  /** All of a pause's work at once (what a clerk's pause between two letters leaves done). */
  runNow(): void {
    this.stop();
    for (const task of this.tasks) while (task());
    this.checkpoint();
  }

  private checkpoint(): void {
    // PASSIVE: copies what no reader still needs and never waits for a lock.
    const [r] = this.sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (r && r.busy === 0 && r.log > 0 && r.checkpointed === r.log) {
      // Everything is in the database: start the WAL over now (see the top of this file).
      const version = this.sqlite.pragma('user_version', { simple: true }) as number;
      this.sqlite.pragma(`user_version = ${version}`);
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
