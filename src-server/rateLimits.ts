// Attempts per address, counted in the database (table rate_limits) rather than in a process's
// memory: the README lets several server processes share one address behind a load balancer,
// and a count per process gave a guesser the limit once per process. The database's clock
// decides the windows, so processes on different machines agree on them too.
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import { sql, type Kysely } from 'kysely';
import type { ServerSchema } from './db/schema.js';

type Db = Kysely<ServerSchema>;

export interface AttemptCount {
  /** Attempts in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/** Counts one attempt for (bucket, key) in a fixed window of windowMs, atomically across processes. */
export async function countAttempt(db: Db, bucket: string, key: string, windowMs: number): Promise<AttemptCount> {
  const { rows } = await sql<{ count: number; ttl_ms: string }>`
    INSERT INTO rate_limits AS r (bucket, key, window_end, count)
    VALUES (${bucket}, ${key}, now() + ${windowMs} * interval '1 millisecond', 1)
    ON CONFLICT (bucket, key) DO UPDATE SET
      count = CASE WHEN r.window_end <= now() THEN 1 ELSE r.count + 1 END,
      window_end = CASE WHEN r.window_end <= now() THEN excluded.window_end ELSE r.window_end END
    RETURNING count, ceil(extract(epoch FROM (window_end - now())) * 1000) AS ttl_ms`.execute(db);
  const row = rows[0] as { count: number; ttl_ms: string };
  return { count: Number(row.count), ttlMs: Math.max(0, Number(row.ttl_ms)) };
}

/** Windows that have ended (the hourly sweep): the table holds only addresses seen lately. */
export async function sweepAttempts(db: Db): Promise<number> {
  const r = await db.deleteFrom('rate_limits').where('window_end', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * A store for @fastify/rate-limit over countAttempt: each route with its own limit counts in its
 * own bucket (the route's URL).
 */
export function databaseStore(db: Db): new (options: FastifyRateLimitOptions) => FastifyRateLimitStore {
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly bucket = 'global',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      countAttempt(db, this.bucket, key, timeWindow).then(
        (c) => callback(null, { current: c.count, ttl: c.ttlMs }),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin hands its merged parameters here, the route among them as routeInfo.
      const route = (routeOptions as { routeInfo?: { url?: unknown } }).routeInfo?.url;
      return new DatabaseStore(routeOptions, `route:${typeof route === 'string' ? route : routeOptions.url}`);
    }
  }
  return DatabaseStore;
}
