// รับส่งหนังสือราชการ figures against a real server process (PGlite; PostgreSQL too when
// DATABASE_URL is set: each run gets a fresh database on it):
//  1. one document with 5 MB of files sent to 200 schools: the office's push (files uploaded
//     once, then the fan-out transaction) and the files stored once on the server;
//  2. 200 schools acknowledging the same document at once (each push = its register entry and
//     the receipt), every receipt counted once;
//  3. a server holding 20,000 organisations and 1,000,000 recipient rows: a school's inbox pull
//     and the sender's tracking page (200 schools), p95 < 20 ms each.
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openTestApp } from '../tests/support/core.js';
import { createOrg, credentialOf, enrol, freshDatabaseUrl, startServer, type ServerProcess } from '../tests/support/server/centralServer.js';
import { addSchool, sendFromEntry } from '../tests/integration/distribution-support.js';
import { pdfBytes } from '../tests/integration/attachments-files.js';
import { syncEngineFor } from '../src-main/sync/index.js';
import { migrate, openServerDb } from '../src-server/db/open.js';
import { serverMigrationsDir } from '../src-server/paths.js';
import { createCode } from '../src-server/admin.js';
import { tempDir } from '../tests/support/core.js';
import { report, reportOnce, summarize } from './stats.js';

async function http(url: string, path: string, init: { method?: string; credential?: string; json?: unknown } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (init.credential) headers.authorization = `Bearer ${init.credential}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(new URL(path.replace(/^\//, ''), url), { method: init.method ?? 'GET', headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const enrolRaw = async (url: string, code: string): Promise<string> =>
  ((await http(url, '/v1/enrol', { method: 'POST', json: { code, deviceName: 'bench', localDeviceId: randomUUID(), afterSeq: 0 } })).json as { credential: string }).credential;

function blobBytesOnServer(dataDir: string): { files: number; bytes: number } {
  const root = join(dataDir, 'blobs');
  let files = 0;
  let bytes = 0;
  for (const d of readdirSync(root)) for (const f of readdirSync(join(root, d))) {
    files++;
    bytes += statSync(join(root, d, f)).size;
  }
  return { files, bytes };
}

async function fanOutAndReceipts(label: string, databaseUrl: string | undefined): Promise<void> {
  // 200 PCs enrol within a second here; a real office enrols them over days (the limit guards codes).
  const server: ServerProcess = await startServer({ databaseUrl, args: ['--enrol-per-minute', '1000'] });
  const office = openTestApp();
  try {
    const { orgId: officeId, code } = await createOrg(server, 'สพป.ทดสอบความเร็ว');
    await enrol(office, server.url, code);
    const schools: { orgId: string; code: string }[] = [];
    for (let i = 0; i < 200; i++) schools.push(await addSchool(server, officeId, String(50100000 + i), `โรงเรียนทดสอบ ${i + 1}`));
    await office.must('sync.now', {});
    const attachments = [];
    for (let i = 0; i < 2; i++) {
      const bytes = pdfBytes(`file ${i}`, 2.5 * 1024 * 1024);
      const begun = await office.must('attachments.stageBegin', { name: `ไฟล์ ${i + 1}.pdf`, size: bytes.length });
      for (let off = 0; off < bytes.length; off += begun.chunkBytes) {
        await office.must('attachments.stageChunk', { uploadId: begun.uploadId, offset: off, data: bytes.subarray(off, off + begun.chunkBytes).toString('base64') });
      }
      attachments.push({ stagedId: (await office.must('attachments.stageFinish', { uploadId: begun.uploadId })).stagedId, description: '' });
    }
    const entry = await office.must('entries.create', { kind: 'outgoing', from: 'สพป.', to: 'โรงเรียนในสังกัด', docDate: '2023-11-16', subject: 'หนังสือเวียนถึง 200 โรงเรียน', circular: true, attachments });
    await office.must('sync.now', {}); // the entry and its files reach the server first
    const { id } = sendFromEntry(office, entry, schools.map((s) => s.orgId));
    const t0 = performance.now();
    await syncEngineFor(office.core).syncNow();
    reportOnce(`[${label}] send 1 document (5 MB files) to 200 schools`, performance.now() - t0);
    const stored = blobBytesOnServer(server.dataDir);
    console.log(`[${label}] files on the server: ${stored.files} files, ${(stored.bytes / 1024 / 1024).toFixed(1)} MB (one copy each, whatever the number of recipients)`);

    // 200 schools acknowledge at once: each pushes its incoming entry and the receipt.
    const credentials = await Promise.all(schools.map((s) => enrolRaw(server.url, s.code)));
    const samples: number[] = [];
    const t1 = performance.now();
    await Promise.all(
      credentials.map(async (credential) => {
        const entryId = randomUUID();
        const items = [
          { seq: 1, key: randomUUID(), entity: 'entry', entityId: entryId, op: 'create', payload: { deviceId: 'x', deviceTime: '2023-11-16T09:00:00+07:00', version: 1, entry: { id: entryId, kind: 'incoming', year: 2566, registerNo: 1, version: 1, subject: 'หนังสือเวียน' } } },
          { seq: 2, key: randomUUID(), entity: 'distribution', entityId: id, op: 'receipt', payload: { documentId: id, entryId, registerNo: 1, registerYear: 2566, receivedBy: 'ธุรการ', deviceTime: '2023-11-16T09:00:00+07:00' } },
        ];
        const s0 = performance.now();
        const r = await http(server.url, '/v1/push', { method: 'POST', credential, json: { items } });
        samples.push(performance.now() - s0);
        const results = r.json.results as { status: string }[];
        if (results.some((x) => x.status !== 'accepted')) throw new Error(`receipt refused: ${JSON.stringify(r.json)}`);
      }),
    );
    reportOnce(`[${label}] 200 schools acknowledge the same document at once (all done)`, performance.now() - t1);
    report(`[${label}]   one school's receipt push while 199 others run`, summarize(samples));
    await office.must('sync.now', {});
    const view = await http(server.url, `/v1/distribution/documents/${id}`, { credential: credentialOf(office) });
    if (view.json.receivedCount !== 200) throw new Error(`received ${String(view.json.receivedCount)}, not 200`);
    console.log(`[${label}] receipts counted on the server: ${String(view.json.receivedCount)}/200`);
  } finally {
    office.dispose();
    await server.kill();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

/** 100 offices x 200 schools = 20,100 organisations; 5,000 documents x 200 recipients = 1,000,000 rows. */
async function largeServer(label: string, databaseUrl: string | undefined): Promise<void> {
  const dataDir = tempDir('saraban-bench-dist-');
  const sdb = await openServerDb({ dataDir, databaseUrl });
  const t0 = performance.now();
  await migrate(sdb, serverMigrationsDir());
  const db = sdb.db;
  await sql`INSERT INTO organisations (id, name, kind) SELECT 'office-' || o, 'สพป. ' || o, 'office' FROM generate_series(1, 100) o`.execute(db);
  await sql`INSERT INTO organisations (id, name, kind, parent_id, school_code, network, school_type)
            SELECT 'school-' || o || '-' || s, 'โรงเรียน ' || o || '-' || s, 'school', 'office-' || o, lpad((o * 1000 + s)::text, 8, '0'), 'เครือข่าย ' || (s % 10), 'government'
              FROM generate_series(1, 100) o, generate_series(1, 200) s`.execute(db);
  await sql`INSERT INTO devices (id, org_id, name, local_device_id, credential_hash, credential_expires_at) VALUES ('dev-office-1', 'office-1', 'bench', 'x', 'h1', now() + interval '1 day')`.execute(db);
  await sql`INSERT INTO dist_documents (id, sender_org_id, sender_device_id, data, files, recipient_count, sent_at)
            SELECT 'doc-' || o || '-' || d, 'office-' || o, 'dev-office-1',
                   jsonb_build_object('channel', 'school', 'docNo', 'ที่ ศธ 04051/ว ' || d, 'docDate', '2023-11-16', 'subject', 'หนังสือเวียนที่ ' || d, 'summary', '', 'urgency', 'normal', 'secrecy', 'none', 'groups', '[]'::jsonb, 'senderName', 'สพป. ' || o, 'sentBy', '', 'sourceEntryId', null),
                   '[]'::jsonb, 200, now() - (d || ' hours')::interval
              FROM generate_series(1, 100) o, generate_series(1, 50) d`.execute(db);
  await sql`INSERT INTO dist_recipients (document_id, org_id, position, received_at, register_no, register_year)
            SELECT 'doc-' || o || '-' || d, 'school-' || o || '-' || s, s, CASE WHEN s % 3 = 0 THEN now() END, CASE WHEN s % 3 = 0 THEN d END, CASE WHEN s % 3 = 0 THEN 2566 END
              FROM generate_series(1, 100) o, generate_series(1, 50) d, generate_series(1, 200) s`.execute(db);
  await sql`INSERT INTO feed (org_id, device_id, kind, body)
            SELECT 'school-' || o || '-' || s, NULL, 'dist.document', jsonb_build_object('id', 'doc-' || o || '-' || d)
              FROM generate_series(1, 50) d, generate_series(1, 100) o, generate_series(1, 200) s`.execute(db);
  await sql`ANALYZE`.execute(db);
  const school = await createCode(db, 'school-1-7', 24);
  const sender = await createCode(db, 'office-1', 24);
  await sdb.close();
  reportOnce(`[${label}] build 20,100 organisations and 1,000,000 recipient rows`, performance.now() - t0);

  const server = await startServer({ dataDir, databaseUrl, args: ['--enrol-per-minute', '1000'] });
  try {
    const schoolCred = await enrolRaw(server.url, school.code);
    const officeCred = await enrolRaw(server.url, sender.code);
    // A school's inbox: its 50 documents from the start, then "anything new" from its cursor.
    const full: number[] = [];
    const incremental: number[] = [];
    let cursor = 0;
    for (let i = 0; i < 60; i++) {
      const s0 = performance.now();
      const r = await http(server.url, '/v1/pull?after=0', { credential: schoolCred });
      full.push(performance.now() - s0);
      if ((r.json.items as unknown[]).length !== 50) throw new Error(`inbox has ${(r.json.items as unknown[]).length} items, not 50`);
      cursor = r.json.cursor as number;
      const s1 = performance.now();
      await http(server.url, `/v1/pull?after=${cursor}`, { credential: schoolCred });
      incremental.push(performance.now() - s1);
    }
    report(`[${label}] a school's inbox pull (50 documents)`, summarize(full.slice(10)), 20);
    report(`[${label}] a school's pull with nothing new`, summarize(incremental.slice(10)), 20);
    const tracking: number[] = [];
    for (let i = 0; i < 60; i++) {
      const s0 = performance.now();
      const r = await http(server.url, `/v1/distribution/documents/doc-1-${(i % 50) + 1}`, { credential: officeCred });
      tracking.push(performance.now() - s0);
      if ((r.json.recipients as unknown[]).length !== 200) throw new Error('tracking page without its 200 schools');
    }
    report(`[${label}] the sender's tracking page (200 schools)`, summarize(tracking.slice(10)), 20);
  } finally {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  await fanOutAndReceipts('PGlite', undefined);
  await largeServer('PGlite', undefined);
  if (process.env.DATABASE_URL) {
    await fanOutAndReceipts('PostgreSQL', await freshDatabaseUrl());
    await largeServer('PostgreSQL', await freshDatabaseUrl());
  }
}
