// The register's handle on SQLite. Queries are built with kysely for types, but executed
// synchronously through better-sqlite3: a register number must be read, bumped and used in
// one synchronous transaction, with no await in between where another call could interleave.
import type Database from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import { IdleCheckpoint } from './idleCheckpoint.js';
import type { LocalSchema } from './schema.js';

export class Store {
  /** Builds queries only; never executes (see class comment). */
  readonly q: Kysely<LocalSchema>;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly checkpoint: IdleCheckpoint;
  private readonly barriers: (() => Promise<void>)[] = [];

  constructor(readonly sqlite: Database.Database) {
    this.checkpoint = new IdleCheckpoint(sqlite);
    this.q = new Kysely<LocalSchema>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    });
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  all<R>(query: Compilable<R>): R[] {
    const c = query.compile();
    return this.statement(c.sql).all(...(c.parameters as unknown[])) as R[];
  }

  first<R>(query: Compilable<R>): R | undefined {
    const c = query.compile();
    return this.statement(c.sql).get(...(c.parameters as unknown[])) as R | undefined;
  }

  run(query: Compilable<unknown>): Database.RunResult {
    const c = query.compile();
    return this.statement(c.sql).run(...(c.parameters as unknown[]));
  }

  /** Raw SQL for what kysely cannot express (FTS5 MATCH); parameters only, never interpolation. */
  raw<R>(sql: string, params: unknown[] = []): R[] {
    return this.statement(sql).all(...params) as R[];
  }

  /**
   * BEGIN IMMEDIATE: takes the write lock up front, so two processes allocating numbers from
   * the same file queue on busy_timeout instead of failing at commit.
   */
  tx<T>(fn: () => T): T {
    const result = this.sqlite.transaction(fn).immediate();
    this.checkpoint.wrote();
    return result;
  }

  /**
   * What the register writes beside itself (registers/highWater.ts) and must be on disk before
   * a change is answered: dispatch awaits settled() after every call.
   */
  onSettle(barrier: () => Promise<void>): void {
    this.barriers.push(barrier);
  }

  async settled(): Promise<void> {
    for (const barrier of this.barriers) await barrier();
  }

  close(): void {
    this.checkpoint.stop();
    this.sqlite.close();
  }

  getMeta(key: string): string | undefined {
    return this.first(this.q.selectFrom('meta').select('value').where('key', '=', key))?.value;
  }

  setMeta(key: string, value: string): void {
    this.run(
      this.q
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
    );
  }
}
