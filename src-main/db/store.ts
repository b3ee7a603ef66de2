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
  type Insertable,
} from 'kysely';
import { IdleWork, type IdleTask } from './idleWork.js';
import type { LocalSchema } from './schema.js';

export class Store {
  /** Builds queries only; never executes (see class comment). */
  readonly q: Kysely<LocalSchema>;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly insertSql = new Map<string, string>();
  private readonly idle: IdleWork;
  private readonly barriers: (() => Promise<void>)[] = [];
  private readonly closers: (() => void)[] = [];

  constructor(readonly sqlite: Database.Database) {
    this.idle = new IdleWork(sqlite);
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

  /** A write in raw SQL, for a registration's own statements (see insert). */
  rawRun(sql: string, params: unknown[] = []): Database.RunResult {
    return this.statement(sql).run(...params);
  }

  /**
   * One row, typed like kysely's insertInto().values() and written as the same SQL, without
   * building and compiling a query each time: a registration's inserts spent more in kysely
   * than in SQLite. Columns come from the typed row, never from input.
   */
  insert<T extends keyof LocalSchema & string>(table: T, row: Insertable<LocalSchema[T]>): Database.RunResult {
    const values = row as Record<string, unknown>;
    const columns = Object.keys(values).filter((c) => values[c] !== undefined);
    const key = `${table}(${columns.join(',')})`;
    let sql = this.insertSql.get(key);
    if (sql === undefined) {
      sql = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
      this.insertSql.set(key, sql);
    }
    return this.statement(sql).run(...columns.map((c) => values[c]));
  }

  /**
   * BEGIN IMMEDIATE: takes the write lock up front, so two processes allocating numbers from
   * the same file queue on busy_timeout instead of failing at commit.
   */
  tx<T>(fn: () => T): T {
    const result = this.sqlite.transaction(fn).immediate();
    this.idle.wrote();
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

  /** Work deferred until the register is quiet (see db/idleWork.ts). */
  onIdle(task: IdleTask): void {
    this.idle.add(task);
  }

  /** The deferred work done now, as a pause would (the benchmarks: a clerk's pause between letters). */
  idleNow(): void {
    this.idle.runNow();
  }

  /** What holds a file beside the register (the numbers file's descriptor) lets go of it here. */
  onClose(release: () => void): void {
    this.closers.push(release);
  }

  close(): void {
    this.idle.stop();
    this.sqlite.close();
    for (const release of this.closers.splice(0)) release();
  }

  getMeta(key: string): string | undefined {
    // Read by every call (the idle limit): prepared SQL, not a query built each time.
    return (this.statement('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
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
