// Opening the register safely: pragmas, a quick integrity check, a backup before migrating,
// and a refusal to open a database written by a newer version of the app.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyMigrations, pendingMigrations, readMigrations, appliedVersions } from './migrator.js';
import { Store } from './store.js';

export class DatabaseDamagedError extends Error {
  constructor(readonly file: string, readonly detail: string) {
    super(`the register database is damaged: ${detail}`);
  }
}

export interface OpenOptions {
  file: string;
  migrationsDir: string;
  now: () => Date;
}

export interface OpenedDatabase {
  store: Store;
  migrated: number[];
  backupFile: string | null;
}

export function openLocalDatabase({ file, migrationsDir, now }: OpenOptions): OpenedDatabase {
  mkdirSync(dirname(file), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
    // synchronous=FULL: the clerk copies a number onto paper the moment it is shown, so a
    // committed entry must survive a power cut, not only an app crash.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const check = sqlite.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      sqlite.close();
      throw new DatabaseDamagedError(file, String(check));
    }
  } catch (e) {
    if (e instanceof DatabaseDamagedError) throw e;
    throw new DatabaseDamagedError(file, e instanceof Error ? e.message : String(e));
  }

  try {
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
    sqlite.close();
    throw e;
  }
}
