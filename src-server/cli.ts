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
import { REGISTER_LABELS, type RegisterKind } from '../src-shared/domain.js';
import { createCode, createOrg, listDevices, listOrgs, reassignBook, revokeDevice, type DeviceRow, type IssuedCode } from './admin.js';
import { adminReassign } from './httpApi.js';
import { migrate, openServerDb } from './db/open.js';
import { runFile, startServer } from './startServer.js';
import { serverMigrationsDir } from './paths.js';

const USAGE = `การใช้งาน: npm run server -- [คำสั่ง] [ตัวเลือก]

  (ไม่มีคำสั่ง)                 เริ่มเซิร์ฟเวอร์ [--data-dir โฟลเดอร์] [--port 8787] [--host 0.0.0.0] [--pool-size 10]
  org create --name ชื่อ --kind office|school|agency    สร้างหน่วยงานและรหัสลงทะเบียนเครื่อง
  org list                                              รายชื่อหน่วยงาน
  code create --org รหัสหน่วยงาน                         รหัสลงทะเบียนเครื่องอีกหนึ่งรหัส (หนึ่งรหัสต่อหนึ่งเครื่อง)
  device list [--org รหัสหน่วยงาน]                       เครื่องที่ลงทะเบียน ทะเบียนที่ถือ และสถานะ
  device revoke --device รหัสเครื่อง --reason "เหตุผล"    ยกเลิกสิทธิ์เครื่อง (เช่น เครื่องหายหรือเลิกใช้)
  book reassign --org รหัสหน่วยงาน --kind incoming|outgoing|order|certificate --year 2569 --to รหัสเครื่อง --reason "เหตุผล"
                                                        โอนทะเบียนให้อีกเครื่องหนึ่งของหน่วยงาน

ตัวเลือกอื่น: --json (ผลแบบ JSON), --ttl-hours 72 (อายุรหัสลงทะเบียน), --credential-ttl-seconds (อายุรหัสประจำเครื่อง),
  --org-quota-mb (พื้นที่ไฟล์แนบต่อหน่วยงาน), --enrol-per-minute 30, --auth-failures-per-minute 60,
  --log-level info|warn|error, --help
ใช้ DATABASE_URL=postgres://… เพื่อใช้ PostgreSQL แทนฐานข้อมูลในโฟลเดอร์ (PGlite)`;

function die(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

function readArgs() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '0.0.0.0' },
        'pool-size': { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
        'enrol-per-minute': { type: 'string', default: '30' },
        'auth-failures-per-minute': { type: 'string', default: '60' },
        'org-quota-mb': { type: 'string' },
        'credential-ttl-seconds': { type: 'string', default: String(365 * 24 * 3600) },
        name: { type: 'string' },
        kind: { type: 'string' },
        org: { type: 'string' },
        device: { type: 'string' },
        to: { type: 'string' },
        year: { type: 'string' },
        reason: { type: 'string' },
        'ttl-hours': { type: 'string', default: '72' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    // parseArgs' own English message names the option; the clerk's IT person gets it in Thai.
    const what = e instanceof Error ? (/'([^']+)'/.exec(e.message)?.[1] ?? e.message) : String(e);
    die(`ตัวเลือกไม่ถูกต้อง: ${what}\n\n${USAGE}`);
  }
}

const { values, positionals } = readArgs();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const dataDir = resolve(values['data-dir'] ?? 'server-data');
const databaseUrl = process.env.DATABASE_URL || undefined;

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

function printDevice(d: DeviceRow): void {
  const state = d.revokedAt ? `ยกเลิกสิทธิ์แล้ว (${d.revokeReason ?? ''})` : `ใช้งานได้ถึง ${new Date(d.credentialExpiresAt).toLocaleDateString('th-TH')}`;
  const seen = d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleString('th-TH') : 'ยังไม่เคยส่งข้อมูล';
  console.log(`${d.id}  ${d.orgName}  "${d.name}"  ${state}  ล่าสุด: ${seen}  ทะเบียนที่ถือ: ${d.books.join(', ') || '-'}`);
}

function positiveInt(option: 'enrol-per-minute' | 'auth-failures-per-minute' | 'org-quota-mb'): number {
  const n = Number(values[option]);
  if (!Number.isSafeInteger(n) || n < 1) die(`--${option} ต้องเป็นจำนวนเต็มบวก: ${values[option]}`);
  return n;
}

const [cmd, sub] = positionals;
const ttlHours = Number(values['ttl-hours']);

if (cmd === 'org' && sub === 'create') {
  const name = values.name?.trim();
  if (!name) die('ต้องระบุ --name ชื่อหน่วยงาน');
  const kind = (values.kind ?? 'office') as OrgKind;
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
} else if (cmd === 'device' && sub === 'list') {
  const org = values.org;
  const rows = await admin(`/admin/devices${org ? `?org=${encodeURIComponent(org)}` : ''}`, undefined, (db) => listDevices(db, org));
  if (values.json) console.log(JSON.stringify(rows));
  else if (rows.length === 0) console.log('ยังไม่มีเครื่องที่ลงทะเบียน');
  else for (const d of rows) printDevice(d);
} else if (cmd === 'device' && sub === 'revoke') {
  const deviceId = values.device;
  const reason = values.reason?.trim();
  if (!deviceId || !reason) die('ต้องระบุ --device รหัสเครื่อง และ --reason "เหตุผล"');
  const d = await admin('/admin/devices/revoke', { deviceId, reason }, (db) => revokeDevice(db, deviceId, reason, 'ผู้ดูแลเซิร์ฟเวอร์'));
  if (values.json) console.log(JSON.stringify(d));
  else {
    console.log('ยกเลิกสิทธิ์เครื่องแล้ว');
    printDevice(d);
    if (d.books.length > 0) console.log(`เครื่องนี้ยังถือทะเบียน ${d.books.join(', ')} อยู่: โอนให้เครื่องอื่นด้วย book reassign`);
  }
} else if (cmd === 'book' && sub === 'reassign') {
  const body = { orgId: values.org, kind: values.kind, year: Number(values.year), toDeviceId: values.to, reason: values.reason?.trim() };
  const ok = adminReassign.safeParse(body);
  if (!ok.success) die(`ต้องระบุ --org --kind incoming|outgoing|order|certificate --year ปี พ.ศ. --to รหัสเครื่อง --reason "เหตุผล" (${ok.error.issues[0]?.path.join('.')})`);
  const b = await admin('/admin/books/reassign', ok.data, (db) => reassignBook(db, ok.data, ok.data.actor));
  if (values.json) console.log(JSON.stringify(b));
  else console.log(`โอน${REGISTER_LABELS[b.kind as RegisterKind]?.book ?? b.kind} ปี ${b.year} ให้เครื่อง ${b.holderDeviceId} แล้ว เลขถัดไปคือ ${b.nextNo}`);
} else if (cmd === undefined || cmd === 'start') {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) die(`พอร์ตไม่ถูกต้อง: ${values.port}`);
  if (runningServer()) die(`มีเซิร์ฟเวอร์ใช้โฟลเดอร์ข้อมูล ${dataDir} อยู่แล้ว`);
  const poolArg = values['pool-size'] ?? process.env.DATABASE_POOL_SIZE;
  const poolSize = poolArg === undefined ? undefined : Number(poolArg);
  if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 500)) die(`--pool-size ต้องเป็นจำนวนเต็ม 1–500: ${poolArg}`);
  const server = await startServer({
    dataDir,
    databaseUrl,
    host: values.host ?? '0.0.0.0',
    port,
    credentialTtlMs: Number(values['credential-ttl-seconds']) * 1000,
    ...(poolSize ? { poolSize } : {}),
    logLevel: values['log-level'] ?? 'info',
    enrolPerMinute: positiveInt('enrol-per-minute'),
    authFailuresPerMinute: positiveInt('auth-failures-per-minute'),
    ...(values['org-quota-mb'] ? { orgQuotaBytes: positiveInt('org-quota-mb') * 1024 * 1024 } : {}),
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
  die(`คำสั่งไม่ถูกต้อง: ${positionals.join(' ')}\n\n${USAGE}`);
}
