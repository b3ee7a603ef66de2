// Opening the register safely: pragmas, a quick integrity check, a backup before migrating,
// and a refusal to open a database written by a newer version of the app. Every failure is
// classified (openErrors.ts): only real damage leads to the recovery screen.
// The quick check reads every page: 8.7 s on a 1,000,000-entry register. The desktop app
// defers it (quickCheck: 'deferred') to a worker thread (backgroundCheck.ts) so the clerk can
// work at once; a damaged header or schema still fails here, at open, as SQLITE_CORRUPT/NOTADB.
import type Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyMigrations, pendingMigrations, readMigrations, appliedVersions } from './migrator.js';
import { classifyOpenError, DatabaseDamagedError } from './openErrors.js';
import { openSqlite } from './sqlite.js';
import { Store } from './store.js';

export { DatabaseDamagedError, RegisterOpenError, classifyOpenError, type OpenFailureKind } from './openErrors.js';

export interface OpenOptions {
  file: string;
  migrationsDir: string;
  now: () => Date;
  /** How long to wait for another connection's lock before calling the file locked. */
  busyTimeoutMs?: number;
  /**
   * 'at-open' (the CLIs, tests): the quick check runs before anything. 'deferred' (the desktop
   * app): the caller runs it in the background, except when migrations are pending on an existing
   * register: a damaged file is never migrated, nor copied as the before-migration backup.
   */
  quickCheck?: 'at-open' | 'deferred';
}

export interface OpenedDatabase {
  store: Store;
  migrated: number[];
  backupFile: string | null;
  /** Whether the quick check ran (and passed) during this open. */
  checked: boolean;
}

export function openLocalDatabase({ file, migrationsDir, now, busyTimeoutMs = 5000, quickCheck = 'at-open' }: OpenOptions): OpenedDatabase {
  let sqlite: Database.Database | null = null;
  try {
    mkdirSync(dirname(file), { recursive: true });
    sqlite = openSqlite(file);
    // busy_timeout first: switching to WAL already needs the lock another process may hold.
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    sqlite.pragma('journal_mode = WAL');
    // synchronous=FULL: the clerk copies a number onto paper the moment it is shown, so a
    // committed entry must survive a power cut, not only an app crash.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    const db = sqlite;
    const check = () => {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new DatabaseDamagedError(file, String(result));
    };
    let checked = false;
    if (quickCheck === 'at-open') {
      check();
      checked = true;
    }

    const files = readMigrations(migrationsDir);
    // Reads the schema and schema_migrations: a damaged header or schema page fails here.
    const pending = pendingMigrations(sqlite, files);
    let backupFile: string | null = null;
    if (pending.length > 0 && appliedVersions(sqlite).length > 0) {
      if (!checked) {
        check();
        checked = true;
      }
      backupFile = freshName(join(dirname(file), 'backups', `before-migration-${now().toISOString().replace(/[:.]/g, '-')}`));
      mkdirSync(dirname(backupFile), { recursive: true });
      sqlite.exec(`VACUUM INTO '${backupFile.replace(/'/g, "''")}'`);
    }
    const migrated = applyMigrations(sqlite, pending, now);
    return { store: new Store(sqlite), migrated, backupFile, checked };
  } catch (e) {
    try {
      sqlite?.close();
    } catch {
      // closing a half-open connection may fail too; the first error is the one to report
    }
    throw classifyOpenError(e, file);
  }
}

/**
 * VACUUM INTO refuses an existing file: a second upgrade within the same millisecond (a PC whose
 * clock was set back, a test's fixed clock) gets its own name instead of failing to open.
 */
function freshName(base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.sqlite` : `${base}-${n}.sqlite`;
    if (!existsSync(name)) return name;
  }
}
