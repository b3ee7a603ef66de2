// npm run server [-- --data-dir DIR --port N --host H]          start the central server
// npm run server -- org create --name NAME --kind office|school|agency   new organisation + code
// npm run server -- code create --org ORG_ID                    another one-time enrolment code
// npm run server -- org list
// npm run server -- school add|import|list|code …, agency add …   the office's directory
// (npm run server -- --help prints the Thai usage.)
// With DATABASE_URL=postgres://… the server and the admin commands use that PostgreSQL;
// without it, an embedded PostgreSQL (PGlite) in --data-dir (default ./server-data).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ORG_KINDS, ORG_KIND_LABELS, type OrgKind } from '../src-shared/syncSchemas.js';
import { createCode, createOrg, listOrgs, type IssuedCode } from './admin.js';
import { migrate, openServerDb } from './db/open.js';
import { HttpError } from './errors.js';
import { runFile, startServer } from './startServer.js';
import { serverMigrationsDir } from './paths.js';
import { directoryFor, findOrg, importSchools, insertOrg, checkImportRows } from './directory.js';
import { SCHOOL_TYPE_LABELS, parseSchoolType, type DirectoryResponse } from '../src-shared/distributionSchemas.js';
import { directoryRowsFromTable } from '../src-shared/directoryImport.js';
import { readTableFile } from './directoryFile.js';

const USAGE = `วิธีใช้: npm run server -- [คำสั่ง] [ตัวเลือก]

เริ่มเซิร์ฟเวอร์:
  npm run server [-- --port 8787 --host 0.0.0.0 --data-dir โฟลเดอร์]
หน่วยงานและเครื่อง:
  org create --name "ชื่อ" --kind office|school|agency    สร้างหน่วยงานและรหัสลงทะเบียนเครื่อง
  org list                                              รายชื่อหน่วยงาน
  code create --org รหัสหน่วยงาน                          ออกรหัสลงทะเบียนเครื่องใหม่
ทำเนียบสถานศึกษาของสำนักงาน (รับส่งหนังสือราชการ):
  school add --office รหัสสำนักงาน --code รหัสสถานศึกษา --name "ชื่อ" [--group "กลุ่ม"] [--type รัฐบาล|เอกชน]
  school import --office รหัสสำนักงาน --file รายชื่อ.csv|.xlsx   (คอลัมน์ รหัสสถานศึกษา, ชื่อ, กลุ่ม, ประเภท)
  school list --office รหัสสำนักงาน
  school code --office รหัสสำนักงาน --school รหัสสถานศึกษา     รหัสลงทะเบียนเครื่องของโรงเรียน
  agency add --office รหัสสำนักงาน --name "ชื่อหน่วยงาน"
ตัวเลือกอื่น: --json (ผลแบบ JSON) --ttl-hours 72 (อายุรหัสลงทะเบียน) --help`;

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        office: { type: 'string' },
        code: { type: 'string' },
        school: { type: 'string' },
        group: { type: 'string' },
        type: { type: 'string' },
        file: { type: 'string' },
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
  } catch (e) {
    // An unknown option or a missing value: say which, then the usage; never a stack trace.
    const what = e instanceof Error ? e.message.replace(/\. To specify.*$/s, '') : String(e);
    console.error(`ตัวเลือกไม่ถูกต้อง: ${what}\n\n${USAGE}`);
    process.exit(2);
  }
}

const { values, positionals } = parseCommandLine();
if (values.help || positionals[0] === 'help') {
  console.log(USAGE);
  process.exit(0);
}

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

function need(name: 'office' | 'code' | 'name' | 'file' | 'school', label: string): string {
  const v = values[name]?.trim();
  if (!v) die(`ต้องระบุ --${name} ${label}\n\n${USAGE}`);
  return v;
}

function printDirectory(d: DirectoryResponse): void {
  if (values.json) {
    console.log(JSON.stringify(d.orgs));
    return;
  }
  for (const o of d.orgs) {
    const type = o.schoolType ? SCHOOL_TYPE_LABELS[o.schoolType] : '';
    console.log([o.schoolCode ?? '-', ORG_KIND_LABELS[o.kind], o.name, o.network, type, o.active ? '' : '(เลิกใช้)', o.id].filter((x) => x !== '').join('  '));
  }
}

try {
if (cmd === 'school' && sub === 'add') {
  const office = need('office', 'รหัสสำนักงาน');
  const schoolCode = need('code', 'รหัสสถานศึกษา');
  const name = need('name', 'ชื่อสถานศึกษา');
  const schoolType = parseSchoolType(values.type ?? '');
  if (!schoolType) die('--type ต้องเป็น รัฐบาล หรือ เอกชน');
  const body = { name, kind: 'school' as const, office, schoolCode, network: values.group?.trim() ?? '', schoolType, ttlHours };
  printCode(
    await admin('/admin/directory/orgs', body, async (db) => {
      const org = await insertOrg(db, { name, kind: 'school', parentId: office, schoolCode, network: body.network, schoolType });
      return createCode(db, org.id, ttlHours);
    }),
  );
} else if (cmd === 'agency' && sub === 'add') {
  const office = need('office', 'รหัสสำนักงาน');
  const name = need('name', 'ชื่อหน่วยงาน');
  printCode(
    await admin('/admin/directory/orgs', { name, kind: 'agency', office, ttlHours }, async (db) => {
      const org = await insertOrg(db, { name, kind: 'agency', parentId: office });
      return createCode(db, org.id, ttlHours);
    }),
  );
} else if (cmd === 'school' && sub === 'import') {
  const office = need('office', 'รหัสสำนักงาน');
  const file = need('file', 'ไฟล์รายชื่อ (.csv หรือ .xlsx)');
  if (!existsSync(file)) die(`ไม่พบไฟล์ ${file}`);
  const table = directoryRowsFromTable(await readTableFile(file));
  if (!table.ok) die(table.message, 1);
  const checked = checkImportRows(table.rows);
  if (checked.issues.length > 0) {
    die(`ไฟล์มีข้อมูลไม่ถูกต้อง ${checked.issues.length} บรรทัด จึงยังไม่นำเข้าเลย:\n${checked.issues.map((i) => `  บรรทัดที่ ${i.line}: ${i.message}`).join('\n')}`, 1);
  }
  const rows = checked.rows.map(({ line: _line, ...r }) => r);
  const r = await admin('/admin/directory/import', { office, rows }, (db) => importSchools(db, office, rows));
  if (values.json) console.log(JSON.stringify(r));
  else console.log(`นำเข้าทำเนียบสถานศึกษาแล้ว: เพิ่มใหม่ ${r.added} แห่ง แก้ไข ${r.updated} แห่ง ไม่เปลี่ยน ${r.unchanged} แห่ง`);
} else if (cmd === 'school' && sub === 'list') {
  const office = need('office', 'รหัสสำนักงาน');
  printDirectory(await admin(`/admin/directory?office=${encodeURIComponent(office)}`, undefined, (db) => directoryFor(db, office)));
} else if (cmd === 'school' && sub === 'code') {
  const office = need('office', 'รหัสสำนักงาน');
  const ref = need('school', 'รหัสสถานศึกษา');
  printCode(
    await admin('/admin/directory/code', { office, ref, ttlHours }, async (db) => {
      const org = await findOrg(db, ref, office);
      if (!org) die(`ไม่พบสถานศึกษา ${ref} ในทำเนียบของสำนักงานนี้`, 1);
      return createCode(db, org.id, ttlHours);
    }),
  );
} else if (cmd === 'org' && sub === 'create') {
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
  die(`คำสั่งไม่ถูกต้อง: ${positionals.join(' ')}\n\n${USAGE}`);
}
} catch (e) {
  // The admin commands on a stopped server's folder answer like the running server: in Thai.
  if (e instanceof HttpError) die(e.message, 1);
  throw e;
}
