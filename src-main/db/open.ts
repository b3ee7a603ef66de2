// Opening the register safely: pragmas, a quick integrity check, a backup before migrating,
// and a refusal to open a database written by a newer version of the app. Every failure is
// classified (openErrors.ts): only real damage leads to the recovery screen.
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
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
}

export interface OpenedDatabase {
  store: Store;
  migrated: number[];
  backupFile: string | null;
}

export function openLocalDatabase({ file, migrationsDir, now, busyTimeoutMs = 5000 }: OpenOptions): OpenedDatabase {
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
    const check = sqlite.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DatabaseDamagedError(file, String(check));

    const files = readMigrations(migrationsDir);
    const pending = pendingMigrations(sqlite, files);
    let backupFile: string | null = null;
    if (pending.length > 0 && appliedVersions(sqlite).length > 0) {
      backupFile = join(dirname(file), 'backups', `before-migration-${now().toISOString().replace(/[:.]/g, '-')}.sqlite`);
      mkdirSync(dirname(backupFile), { recursive: true });
      sqlite.exec(`VACUUM INTO '${backupFile.replace(/'/g, "''")}'`);
    }
    const migrated = applyMigrations(sqlite, pending, now);
    return { store: new Store(sqlite), migrated, backupFile };
  } catch (e) {
    try {
      sqlite?.close();
    } catch {
      // closing a half-open connection may fail too; the first error is the one to report
    }
    throw classifyOpenError(e, file);
  }
}
