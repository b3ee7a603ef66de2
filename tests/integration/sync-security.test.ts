// The server's refusals: no credential, a wrong or forged one, an expired one, a spent or
// expired enrolment code, another organisation's data, a malformed or oversized body, a
// tampered attachment hash. Each gets a clear error and changes nothing.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as syncState from '../../src-main/sync/syncState.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { registerMany } from '../support/server/fixtures.js';
import { incoming } from '../support/entries.js';
import { api, createOrg, credentialOf, enrol, serverAcks, serverEntries, startServer, type ServerProcess } from '../support/server/centralServer.js';

let s: ServerProcess;
let a: TestApp; // organisation 1
let x: TestApp; // organisation 2
let blobSha: string;
const apps: TestApp[] = [];

/** Writes a request by hand on a socket and reads the status line and body of the answer. */
function rawRequest(url: string, head: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(Number(new URL(url).port), '127.0.0.1');
    let text = '';
    sock.on('data', (d: Buffer) => {
      text += d.toString();
      const [headers, body] = text.split('\r\n\r\n');
      const len = Number(/content-length: (\d+)/i.exec(headers ?? '')?.[1] ?? NaN);
      if (body !== undefined && Buffer.byteLength(body) >= len) {
        sock.destroy();
        resolve({ status: Number(text.slice(9, 12)), body });
      }
    });
    sock.on('error', reject);
    sock.write(head);
  });
}

const code = (r: { json: Record<string, unknown> }): string => (r.json.error as { code: string } | undefined)?.code ?? '';

beforeAll(async () => {
  s = await startServer({ args: ['--credential-ttl-seconds', '3600'] });
  a = openTestApp();
  x = openTestApp();
  apps.push(a, x);
  await enrol(a, s.url, (await createOrg(s, 'สพป.อุดรธานี เขต 1')).code);
  await enrol(x, s.url, (await createOrg(s, 'โรงเรียนบ้านหนองบัว', 'school')).code);
  await registerMany(a, 5);
  await a.must('sync.now', {});
  const bytes = randomBytes(10_000);
  blobSha = createHash('sha256').update(bytes).digest('hex');
  const put = await api(s.url, `/v1/blobs/${blobSha}`, {
    method: 'PUT',
    credential: credentialOf(a),
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(bytes.length) },
  });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  for (const app of apps) app.dispose();
  await s?.kill();
});

describe('sync: security', () => {
  it('refuses requests without a credential, with a wrong one or a forged one', async () => {
    const routes: [string, string][] = [['POST', '/v1/push'], ['GET', '/v1/pull'], ['GET', '/v1/org'], ['GET', '/v1/entries'], ['HEAD', `/v1/blobs/${blobSha}`]];
    for (const [method, path] of routes) {
      const none = await api(s.url, path, { method, ...(method === 'POST' ? { json: { items: [] } } : {}) });
      expect([path, none.status]).toEqual([path, 401]);
      const wrong = await api(s.url, path, { method, credential: `sdc_${randomBytes(32).toString('base64url')}` });
      expect([path, wrong.status]).toEqual([path, 401]);
    }
    const forged = await api(s.url, '/v1/pull', { credential: "sdc_' OR 1=1 --" });
    expect(forged.status).toBe(401);
    expect(code(forged)).toBe('unauthenticated');
    expect((forged.json.error as { message: string }).message).toContain('ไม่ได้รับอนุญาต');
    // The admin API is for the local operator with its run token only.
    expect((await api(s.url, '/admin/orgs')).status).toBe(403);
  });

  it('an enrolment code works once; a wrong or expired code is refused', async () => {
    const issued = await createOrg(s, 'สพป.หนองคาย เขต 1');
    const body = { code: issued.code, deviceName: 'x', localDeviceId: 'y', afterSeq: 0 };
    expect((await api(s.url, '/v1/enrol', { method: 'POST', json: body })).status).toBe(200);
    const again = await api(s.url, '/v1/enrol', { method: 'POST', json: body });
    const wrong = await api(s.url, '/v1/enrol', { method: 'POST', json: { ...body, code: 'AAAA-BBBB-CCCC' } });
    // A spent code and a code that never existed get the same answer: a guesser learns nothing.
    expect([again.status, code(again)]).toEqual([401, 'code_invalid']);
    expect(again.json).toEqual(wrong.json);
    // Through the app: the clerk sees the Thai reason on the code field.
    const app = openTestApp();
    apps.push(app);
    const r = await app.call('sync.enrol', { serverUrl: s.url, code: issued.code, deviceName: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('ถูกใช้ไปแล้ว');
    expect(syncState.readConfig(app.core.store)).toBeNull();
  });

  it('a device sees and writes only its own organisation', async () => {
    const aEntries = await serverEntries(s.url, credentialOf(a));
    expect(aEntries.length).toBe(5);
    expect(await serverEntries(s.url, credentialOf(x))).toEqual([]);
    const stolenId = aEntries[0]?.id as string;
    const get = await api(s.url, `/v1/entries/${stolenId}`, { credential: credentialOf(x) });
    expect([get.status, code(get)]).toEqual([404, 'not_found']);
    expect((await api(s.url, `/v1/entries/${stolenId}`, { credential: credentialOf(a) })).status).toBe(200);

    // Writing over another organisation's entry (same id) is refused; theirs is untouched.
    await x.must('entries.create', incoming('เรื่องของโรงเรียน'));
    x.core.store.sqlite.prepare("UPDATE outbox SET entity_id = ?, payload = json_set(payload, '$.entry.id', ?)").run(stolenId, stolenId);
    const sx = await x.must('sync.now', {});
    expect(sx.rejected[0]?.reason).toContain('หน่วยงานอื่น');
    expect(await serverEntries(s.url, credentialOf(a))).toEqual(aEntries);

    // Their acknowledgements, their devices and their attachments stay theirs.
    expect((await serverAcks(s.url, credentialOf(x))).map((ack) => ack.seq)).toEqual([1]);
    const org = await api(s.url, '/v1/org', { credential: credentialOf(x) });
    expect((org.json.devices as unknown[]).length).toBe(1);
    const head = await api(s.url, `/v1/blobs/${blobSha}`, { method: 'HEAD', credential: credentialOf(x) });
    expect(head.headers.get('upload-complete')).toBe('0');
    expect((await api(s.url, `/v1/blobs/${blobSha}`, { credential: credentialOf(x) })).status).toBe(404);
    const aDevice = syncState.readConfig(a.core.store)?.deviceId as string;
    const give = await api(s.url, '/v1/books/handover', { method: 'POST', credential: credentialOf(x), json: { kind: 'incoming', year: 2566, toDeviceId: aDevice, throughSeq: 0 } });
    expect(give.status).toBe(404);
  });

  it('a malformed or oversized body gets a clear error and changes nothing', async () => {
    const before = await serverAcks(s.url, credentialOf(a));
    const cred = credentialOf(a);
    const badJson = await api(s.url, '/v1/push', { method: 'POST', credential: cred, body: '{"items": [', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    const badShape = await api(s.url, '/v1/push', { method: 'POST', credential: cred, json: { items: [{ seq: 'one' }] } });
    expect([badShape.status, code(badShape)]).toEqual([400, 'invalid_body']);
    expect((badShape.json.error as { message: string }).message).toContain('ข้อมูลที่ส่งมาไม่ถูกต้อง');
    // 9 MB announced, over the 8 MB limit: refused from the headers, before the body is read.
    const big = await rawRequest(s.url, `POST /v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${cred}\r\nContent-Type: application/json\r\nContent-Length: 9000000\r\n\r\n{"items":[`);
    expect(big.status).toBe(413);
    expect(big.body).toContain('too_large');
    expect(big.body).toContain('ขนาดใหญ่เกินกำหนด');
    expect(await serverAcks(s.url, credentialOf(a))).toEqual(before);
    // The device still syncs normally afterwards.
    await a.must('entries.create', incoming('หลังคำขอเสีย'));
    expect((await a.must('sync.now', {})).pending).toBe(0);
  });

  it('an attachment whose bytes do not match its SHA-256 is refused and not stored', async () => {
    const bytes = randomBytes(5000);
    const claimed = createHash('sha256').update('something else').digest('hex');
    const put = await api(s.url, `/v1/blobs/${claimed}`, {
      method: 'PUT',
      credential: credentialOf(a),
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(bytes.length) },
    });
    expect([put.status, code(put)]).toEqual([422, 'hash_mismatch']);
    const head = await api(s.url, `/v1/blobs/${claimed}`, { method: 'HEAD', credential: credentialOf(a) });
    expect([head.headers.get('upload-complete'), head.headers.get('upload-offset')]).toEqual(['0', '0']);
    expect(existsSync(join(s.dataDir, 'blobs', claimed.slice(0, 2), claimed))).toBe(false);
    expect(readdirSync(join(s.dataDir, 'blobs')).length).toBe(1); // only the good one from the set-up
  });

  it('an expired device credential is refused and the clerk is told to enrol again', async () => {
    const short = await startServer({ args: ['--credential-ttl-seconds', '1'] });
    try {
      const app = openTestApp();
      apps.push(app);
      await enrol(app, short.url, (await createOrg(short, 'สพป.เลย เขต 1')).code);
      await new Promise((r) => setTimeout(r, 1200));
      await app.must('entries.create', incoming('หลังหมดอายุ'));
      const st = await app.must('sync.now', {});
      expect(st.pending).toBe(1);
      expect(st.lastError).toContain('หมดอายุ');
      const r = await api(short.url, '/v1/pull', { credential: credentialOf(app) });
      expect([r.status, code(r)]).toEqual([401, 'credential_expired']);
    } finally {
      await short.kill();
    }
  });
});
