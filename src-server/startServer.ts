// Starting and stopping the central server (used by cli.ts and by tests in-process if needed).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { serverMigrationsDir } from './paths.js';
import { buildServer } from './httpApi.js';
import { migrate, openServerDb, type ServerDb } from './db/open.js';

export interface StartOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  host: string;
  port: number;
  credentialTtlMs: number;
  poolSize?: number;
  logLevel?: string;
  enrolPerMinute?: number;
  authFailuresPerMinute?: number;
  orgQuotaBytes?: number;
  pushWriters?: number;
}

export interface RunningServer {
  url: string;
  sdb: ServerDb;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** server.json: how the admin command finds a running server that owns an embedded database. */
export const runFile = (dataDir: string): string => join(dataDir, 'server.json');

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  mkdirSync(opts.dataDir, { recursive: true });
  let app: FastifyInstance | null = null;
  const sdb = await openServerDb({
    dataDir: opts.dataDir,
    databaseUrl: opts.databaseUrl,
    ...(opts.poolSize ? { poolSize: opts.poolSize } : {}),
    onPoolError: (err) => (app ? app.log.warn({ err }, 'database connection lost; the next request reconnects') : console.error(err.message)),
  });
  await migrate(sdb, serverMigrationsDir());
  const adminToken = randomBytes(24).toString('base64url');
  const server = buildServer({
    sdb,
    dataDir: opts.dataDir,
    adminToken,
    credentialTtlMs: opts.credentialTtlMs,
    log: opts.logLevel ?? 'info',
    ...(opts.enrolPerMinute ? { enrolPerMinute: opts.enrolPerMinute } : {}),
    ...(opts.authFailuresPerMinute ? { authFailuresPerMinute: opts.authFailuresPerMinute } : {}),
    ...(opts.orgQuotaBytes ? { orgQuotaBytes: opts.orgQuotaBytes } : {}),
    ...(opts.pushWriters ? { pushWriters: opts.pushWriters } : {}),
  });
  app = server;
  await server.listen({ host: opts.host, port: opts.port });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`;
  writeFileSync(runFile(opts.dataDir), JSON.stringify({ url, pid: process.pid, adminToken, engine: sdb.engine }), { mode: 0o600 });
  return {
    url,
    sdb,
    app: server,
    async close() {
      await server.close();
      await sdb.close();
      rmSync(runFile(opts.dataDir), { force: true });
    },
  };
}
