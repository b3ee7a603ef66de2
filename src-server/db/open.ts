// Opening the central database: PGlite in a folder by default (one command, no set-up), or a
// real PostgreSQL server when DATABASE_URL is set. Both run the same SQL and the same migrations.
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pgliteDialect.js';
import type { ServerSchema } from './schema.js';

export type Engine = 'pglite' | 'postgres';

export interface ServerDb {
  db: Kysely<ServerSchema>;
  engine: Engine;
  /** Connections the server may use at once (PGlite has one). */
  poolSize: number;
  /** Runs a multi-statement SQL script (no parameters); rolls back an open transaction on error. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenServerDbOptions {
  /** postgres://… — when absent, PGlite in dataDir/pg. */
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** A connection lost outside a query (the database restarted): logged, never fatal. */
  onPoolError?: (error: Error) => void;
}

/** PostgreSQL error codes and socket errors that mean "the database is not reachable right now". */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

export function isDatabaseUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as Error & { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect|Client has encountered/i.test(e.message);
}

export async function openServerDb(opts: OpenServerDbOptions): Promise<ServerDb> {
  if (opts.databaseUrl) {
    const poolSize = opts.poolSize ?? 10;
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: poolSize, connectionTimeoutMillis: 10_000 });
    // Without these listeners a PostgreSQL restart ("terminating connection due to administrator
    // command") is an unhandled 'error' event and kills the server. pg-pool listens on idle clients
    // only; a client checked out by a transaction between two queries needs its own listener. The
    // broken client is dropped on release and the next request connects afresh.
    const onError = opts.onPoolError ?? (() => undefined);
    pool.on('error', onError);
    pool.on('connect', (client) => client.on('error', onError));
    const db = new Kysely<ServerSchema>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      poolSize,
      async exec(script) {
        const client = await pool.connect();
        try {
          await client.query(script);
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          client.release();
        }
      },
      close: () => db.destroy(),
    };
  }
  const dir = join(opts.dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir);
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<ServerSchema>({ dialect });
  return { db, engine: 'pglite', poolSize: 1, exec: (script) => dialect.driver.exec(script), close: () => db.destroy() };
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Applies migrations/server/*.sql not yet applied, each file in its own transaction, under an
 * advisory lock so several server processes starting on one PostgreSQL do not race.
 */
export async function migrate(sdb: ServerDb, dir: string): Promise<number[]> {
  await sdb.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
  );
  const files = readdirSync(dir)
    .filter((f) => FILE_NAME.test(f))
    .sort();
  const applied: number[] = [];
  for (const f of files) {
    const m = FILE_NAME.exec(f) as RegExpExecArray;
    const version = Number(m[1]);
    const body = readFileSync(join(dir, f), 'utf8');
    const done = await sdb.db.selectFrom('schema_migrations').select('version').where('version', '=', version).executeTakeFirst();
    if (done) continue;
    // The lock is taken inside the file's transaction; the re-check makes a racing second
    // process skip a file the first one applied while it waited.
    const ran = await sdb.exec(
      `BEGIN;
SELECT pg_advisory_xact_lock(7007);
DO $mig$ BEGIN
  IF EXISTS (SELECT 1 FROM schema_migrations WHERE version = ${version}) THEN RAISE EXCEPTION 'already-applied'; END IF;
END $mig$;
${body}
;
INSERT INTO schema_migrations (version, name) VALUES (${version}, '${m[2] as string}');
COMMIT;`,
    ).then(
      () => true,
      (e: unknown) => {
        if (e instanceof Error && e.message.includes('already-applied')) return false;
        throw e;
      },
    );
    if (ran) applied.push(version);
  }
  const known = new Set(files.map((f) => Number(FILE_NAME.exec(f)?.[1])));
  const inDb = await sdb.db.selectFrom('schema_migrations').select('version').execute();
  const unknown = inDb.map((r) => r.version).filter((v) => !known.has(v));
  if (unknown.length > 0) throw new Error(`the server database has migrations this version does not know: ${unknown.join(', ')}`);
  return applied;
}

export { sql };
