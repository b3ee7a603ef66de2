// npm run server [-- --data-dir DIR --port N --host H]          start the central server
// npm run server -- org create --name NAME --kind office|school|agency   new organisation + code
// npm run server -- code create --org ORG_ID                    another one-time enrolment code
// npm run server -- org list
// With DATABASE_URL=postgres://… the server and the admin commands use that PostgreSQL;
// without it, an embedded PostgreSQL (PGlite) in --data-dir (default ./server-data).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ORG_KINDS, ORG_KIND_LABELS, type OrgKind } from '../src-shared/syncSchemas.js';
import { createCode, createOrg, listOrgs, type IssuedCode } from './admin.js';
import { migrate, openServerDb } from './db/open.js';
import { runFile, startServer } from './startServer.js';
import { serverMigrationsDir } from './paths.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '0.0.0.0' },
    'credential-ttl-seconds': { type: 'string', default: String(365 * 24 * 3600) },
    name: { type: 'string' },
    kind: { type: 'string', default: 'office' },
    org: { type: 'string' },
    'ttl-hours': { type: 'string', default: '72' },
    json: { type: 'boolean', default: false },
  },
});

const dataDir = resolve(values['data-dir'] ?? 'server-data');
const databaseUrl = process.env.DATABASE_URL || undefined;

function die(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

interface RunInfo {
  url: string;
  pid: number;
  adminToken: string;
}

function runningServer(): RunInfo | null {
  if (databaseUrl || !existsSync(runFile(dataDir))) return null;
  const info = JSON.parse(readFileSync(runFile(dataDir), 'utf8')) as RunInfo;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null; // a stale file from a killed server
  }
}

/** Runs an admin action on the running server (embedded database) or directly on the database. */
async function admin<T>(path: string, body: unknown, direct: (db: Awaited<ReturnType<typeof openServerDb>>['db']) => Promise<T>): Promise<T> {
  const running = runningServer();
  if (running) {
    const res = await fetch(new URL(path, running.url), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': running.adminToken },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as T & { error?: { message: string } };
    if (!res.ok) die(json.error?.message ?? `HTTP ${res.status}`, 1);
    return json;
  }
  const sdb = await openServerDb({ dataDir, databaseUrl });
  try {
    await migrate(sdb, serverMigrationsDir());
    return await direct(sdb.db);
  } finally {
    await sdb.close();
  }
}

function printCode(issued: IssuedCode): void {
  if (values.json) {
    console.log(JSON.stringify(issued));
    return;
  }
  console.log(`หน่วยงาน: ${issued.org.name} (${ORG_KIND_LABELS[issued.org.kind]})`);
  console.log(`ORG: ${issued.org.id}`);
  console.log(`CODE: ${issued.code}`);
  console.log(`รหัสลงทะเบียนเครื่องข้างบนใช้ได้ครั้งเดียว หมดอายุ ${new Date(issued.expiresAt).toLocaleString('th-TH')}`);
}

const [cmd, sub] = positionals;
const ttlHours = Number(values['ttl-hours']);

if (cmd === 'org' && sub === 'create') {
  const name = values.name?.trim();
  if (!name) die('ต้องระบุ --name ชื่อหน่วยงาน');
  const kind = values.kind as OrgKind;
  if (!ORG_KINDS.includes(kind)) die(`--kind ต้องเป็น ${ORG_KINDS.join(', ')}`);
  printCode(await admin('/admin/orgs', { name, kind, ttlHours }, (db) => createOrg(db, name, kind, ttlHours)));
} else if (cmd === 'code' && sub === 'create') {
  const orgId = values.org;
  if (!orgId) die('ต้องระบุ --org รหัสหน่วยงาน');
  printCode(await admin('/admin/codes', { orgId, ttlHours }, (db) => createCode(db, orgId, ttlHours)));
} else if (cmd === 'org' && sub === 'list') {
  const orgs = await admin('/admin/orgs', undefined, (db) => listOrgs(db));
  if (values.json) console.log(JSON.stringify(orgs));
  else for (const o of orgs) console.log(`${o.id}  ${ORG_KIND_LABELS[o.kind]}  ${o.name}  (${o.devices} เครื่อง)`);
} else if (cmd === undefined || cmd === 'start') {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) die(`พอร์ตไม่ถูกต้อง: ${values.port}`);
  if (runningServer()) die(`มีเซิร์ฟเวอร์ใช้โฟลเดอร์ข้อมูล ${dataDir} อยู่แล้ว`);
  const server = await startServer({
    dataDir,
    databaseUrl,
    host: values.host ?? '0.0.0.0',
    port,
    credentialTtlMs: Number(values['credential-ttl-seconds']) * 1000,
  });
  console.log(`engine: ${server.sdb.engine}${server.sdb.engine === 'pglite' ? ` (${dataDir})` : ''}`);
  console.log(`URL: ${server.url}`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} else {
  die('คำสั่งไม่ถูกต้อง: npm run server [-- --port N --data-dir DIR] | org create --name … --kind office|school|agency | org list | code create --org ID');
}
