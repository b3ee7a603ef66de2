// Real central-server processes for the sync tests: `node --import tsx src-server/cli.ts` on a
// loopback port, its own data folder (PGlite) or, when DATABASE_URL is set (CI's PostgreSQL 15
// run), a fresh database per server. Also a TCP proxy that can cut connections on purpose.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { appRoot } from '../../../src-main/paths.js';
import { serverMigrationsDir } from '../../../src-server/paths.js';
import * as syncState from '../../../src-main/sync/syncState.js';
import { migrate, openServerDb } from '../../../src-server/db/open.js';
import type { TestApp } from '../core.js';
import { tempDir } from '../core.js';

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  proc: ChildProcess;
  output: () => string;
  /** kill -9: no clean shutdown. */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  port?: number;
  databaseUrl?: string;
  args?: string[];
}

const root = appRoot();

/** A fresh database on the CI PostgreSQL (or undefined: PGlite). */
export async function freshDatabaseUrl(): Promise<string | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const name = `sync_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

let template: Promise<string> | null = null;

/**
 * A migrated, closed PGlite cluster made once per test file: a new server's folder starts as a
 * copy of it, which saves the embedded initdb (seconds of CPU) on every server the tests start.
 */
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = tempDir('saraban-server-template-');
    const sdb = await openServerDb({ dataDir: dir });
    await migrate(sdb, serverMigrationsDir());
    await sdb.close();
    return join(dir, 'pg');
  })();
  return template;
}

export async function startServer(opts: StartOptions = {}): Promise<ServerProcess> {
  const databaseUrl = 'databaseUrl' in opts ? opts.databaseUrl : await freshDatabaseUrl();
  let dataDir = opts.dataDir;
  if (!dataDir) {
    dataDir = tempDir('saraban-server-');
    if (!databaseUrl) cpSync(await pgliteTemplate(), join(dataDir, 'pg'), { recursive: true });
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  // Requests are logged at info in production; the tests keep warnings and errors only.
  const args = ['--import', 'tsx', join(root, 'src-server', 'cli.ts'), '--data-dir', dataDir, '--host', '127.0.0.1', '--port', String(opts.port ?? 0), '--log-level', 'warn', ...(opts.args ?? [])];
  // The bench can pin the server to its own cores (SERVER_CPUS=1), standing in for the office
  // server being another machine rather than a process competing with the clerk's app.
  const cpus = process.env.SERVER_CPUS;
  const proc = cpus
    ? spawn('taskset', ['-c', cpus, process.execPath, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /URL: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        // The engine the server says it opened: CI's PostgreSQL pass must never quietly test PGlite.
        const engine = /engine: (\w+)/.exec(out)?.[1];
        if (engine !== (databaseUrl ? 'postgres' : 'pglite')) reject(new Error(`server opened ${engine}, expected ${databaseUrl ? 'postgres' : 'pglite'}:\n${out}`));
        else resolve(m[1] as string);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${out}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    databaseUrl,
    proc,
    output: () => out,
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

async function adminSql(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (const q of statements) await client.query(q);
  } finally {
    await client.end();
  }
}

/** Copies a stopped server's database aside (a backup), for either engine. */
export async function snapshot(s: ServerProcess): Promise<void> {
  if (s.databaseUrl) {
    const name = new URL(s.databaseUrl).pathname.slice(1);
    await adminSql([`CREATE DATABASE ${name}_bak TEMPLATE ${name}`]);
  } else {
    cpSync(join(s.dataDir, 'pg'), join(s.dataDir, 'pg-backup'), { recursive: true });
  }
}

/** Puts a stopped server's database back to the snapshot (a restore from backup). */
export async function restoreSnapshot(s: ServerProcess): Promise<void> {
  if (s.databaseUrl) {
    const name = new URL(s.databaseUrl).pathname.slice(1);
    await adminSql([`DROP DATABASE ${name}`, `CREATE DATABASE ${name} TEMPLATE ${name}_bak`]);
  } else {
    rmSync(join(s.dataDir, 'pg'), { recursive: true, force: true });
    cpSync(join(s.dataDir, 'pg-backup'), join(s.dataDir, 'pg'), { recursive: true });
  }
}

/**
 * Runs SQL on a server's own database (the test's fault injection: a constraint the server does
 * not know about). PGlite has one owner, so for PGlite the server must be stopped first.
 */
export async function alterDatabase(s: ServerProcess, script: string): Promise<void> {
  const sdb = await openServerDb({ dataDir: s.dataDir, databaseUrl: s.databaseUrl });
  try {
    await sdb.exec(script);
  } finally {
    await sdb.close();
  }
}

/** Restarts on the same data (folder or database) and port: a new process. */
export function restart(s: ServerProcess): Promise<ServerProcess> {
  return startServer({ dataDir: s.dataDir, port: s.port, databaseUrl: s.databaseUrl });
}

function adminToken(s: ServerProcess): string {
  return (JSON.parse(readFileSync(join(s.dataDir, 'server.json'), 'utf8')) as { adminToken: string }).adminToken;
}

export async function createOrg(s: ServerProcess, name: string, kind = 'office'): Promise<{ orgId: string; code: string }> {
  const res = await fetch(new URL('admin/orgs', s.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': adminToken(s) },
    body: JSON.stringify({ name, kind }),
  });
  if (!res.ok) throw new Error(`admin/orgs: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { org: { id: string }; code: string };
  return { orgId: body.org.id, code: body.code };
}

export async function newCode(s: ServerProcess, orgId: string): Promise<string> {
  const res = await fetch(new URL('admin/codes', s.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': adminToken(s) },
    body: JSON.stringify({ orgId }),
  });
  return ((await res.json()) as { code: string }).code;
}

export async function enrol(app: TestApp, serverUrl: string, code: string, deviceName = 'เครื่องทดสอบ'): Promise<void> {
  await app.must('sync.enrol', { serverUrl, code, deviceName });
}

/** The credential the desktop stored (tests only: the app never shows it). */
export function credentialOf(app: Pick<TestApp, 'core'>): string {
  return syncState.readConfig(app.core.store)?.credential as string;
}

export async function api(url: string, path: string, init: { method?: string; credential?: string; json?: unknown; body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.credential) headers.authorization = `Bearer ${init.credential}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(new URL(path.replace(/^\//, ''), url), { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { text };
  }
  return { status: res.status, json, headers: res.headers };
}

/** Every entry the server holds for the credential's organisation. */
export async function serverEntries(url: string, credential: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let after = '';
  for (;;) {
    const r = await api(url, `/v1/entries?after=${after}&limit=5000`, { credential });
    if (r.status !== 200) throw new Error(`entries: ${r.status} ${JSON.stringify(r.json)}`);
    rows.push(...(r.json.rows as Record<string, unknown>[]));
    if (!r.json.next) return rows;
    after = r.json.next as string;
  }
}

/** Every acknowledgement the server has for this device, in the server's own order. */
export async function serverAcks(url: string, credential: string): Promise<{ serverSeq: number; seq: number; status: string }[]> {
  const acks: { serverSeq: number; seq: number; status: string }[] = [];
  let after = 0;
  for (;;) {
    const r = await api(url, `/v1/pull?after=${after}`, { credential });
    const items = r.json.items as { type: string; serverSeq: number; seq: number; status: string }[];
    acks.push(...items.filter((i) => i.type === 'ack'));
    after = r.json.cursor as number;
    if (!r.json.more) return acks;
  }
}

export type ProxyMode =
  | { kind: 'pass' }
  /** Forward the request; when the server starts answering, cut the client off (answer lost). */
  | { kind: 'dropResponse'; when: (request: string) => boolean }
  /** Cut both sides once this many request bytes went through (an upload broken halfway). */
  | { kind: 'cutAfterBytes'; bytes: number; when: (request: string) => boolean }
  /** Call back once the request is forwarded (to kill the server in the middle of it). */
  | { kind: 'onRequest'; when: (request: string) => boolean; then: () => void }
  /** Answer 500 instead of forwarding, every time a request chunk matches (a server that fails on one item). */
  | { kind: 'fail500'; when: (request: string) => boolean; count: number };

export interface Proxy {
  url: string;
  mode: ProxyMode;
  /** Request bytes forwarded per connection (for resume checks). */
  forwarded: number[];
  close(): Promise<void>;
}

/** A TCP proxy to 127.0.0.1:targetPort whose behaviour the test switches with `mode`. */
export async function startProxy(targetPort: () => number): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const proxy: Proxy = { url: '', mode: { kind: 'pass' }, forwarded: [], close: async () => undefined };
  const server: Server = createServer((client) => {
    sockets.add(client);
    const upstream = connect(targetPort(), '127.0.0.1');
    sockets.add(upstream);
    const index = proxy.forwarded.push(0) - 1;
    let head = '';
    let armed: ProxyMode | null = null;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (d: Buffer) => {
      if (head.length < 4096) head += d.toString('latin1');
      const mode = proxy.mode;
      if (mode.kind === 'fail500') {
        if (mode.when(d.toString('latin1'))) {
          mode.count++;
          const body = '{"error":{"code":"internal","message":"เซิร์ฟเวอร์ขัดข้อง"}}';
          client.end(`HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
          upstream.destroy();
          return;
        }
        proxy.forwarded[index] = (proxy.forwarded[index] as number) + d.length;
        upstream.write(d);
        return;
      }
      if (!armed && mode.kind !== 'pass' && (mode.when(head) || mode.when(d.toString('latin1', 0, 512)))) {
        armed = mode;
        proxy.mode = { kind: 'pass' }; // once
      }
      if (armed?.kind === 'cutAfterBytes') {
        const room = armed.bytes - (proxy.forwarded[index] as number);
        if (room <= d.length) {
          upstream.write(d.subarray(0, Math.max(0, room)), () => setTimeout(cut, 50));
          proxy.forwarded[index] = armed.bytes;
          return;
        }
      }
      proxy.forwarded[index] = (proxy.forwarded[index] as number) + d.length;
      upstream.write(d);
      if (armed?.kind === 'onRequest') {
        const then = armed.then;
        armed = { kind: 'pass' };
        then();
      }
    });
    upstream.on('data', (d: Buffer) => {
      if (armed?.kind === 'dropResponse') {
        cut();
        return;
      }
      client.write(d);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => {
      upstream.destroy();
      sockets.delete(client);
    });
    upstream.on('close', () => {
      client.destroy();
      sockets.delete(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  proxy.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
