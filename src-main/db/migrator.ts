// A small migrator for numbered SQL files. kysely's own migrator cannot run a multi-statement
// file and does not wrap SQLite migrations in a transaction, so each file runs through the
// driver's exec() inside its own transaction here: a file either lands whole or not at all.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => FILE_NAME.test(f))
    .sort()
    .map((f) => {
      const m = FILE_NAME.exec(f) as RegExpExecArray;
      return { version: Number(m[1]), name: m[2] as string, sql: readFileSync(join(dir, f), 'utf8') };
    });
}

export class DatabaseTooNewError extends Error {
  constructor(readonly unknownVersions: number[]) {
    super(`database has migrations this version does not know: ${unknownVersions.join(', ')}`);
  }
}

export function appliedVersions(db: Database.Database): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  );
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map(
    (r) => r.version,
  );
}

/** Migrations not yet applied; throws when the database knows versions the code does not. */
export function pendingMigrations(db: Database.Database, files: MigrationFile[]): MigrationFile[] {
  const applied = appliedVersions(db);
  const known = new Set(files.map((f) => f.version));
  const unknown = applied.filter((v) => !known.has(v));
  if (unknown.length > 0) throw new DatabaseTooNewError(unknown);
  const done = new Set(applied);
  return files.filter((f) => !done.has(f.version));
}

export function applyMigrations(db: Database.Database, files: MigrationFile[], now: () => Date): number[] {
  const applied: number[] = [];
  for (const file of files) {
    db.transaction(() => {
      db.exec(file.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        file.version,
        file.name,
        now().toISOString(),
      );
    }).immediate();
    applied.push(file.version);
  }
  return applied;
}
