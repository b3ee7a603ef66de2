// One bad value never stops an office: a NUL, a lone surrogate or an out-of-range number is
// refused in Thai at the desktop's contract, rejected item by item at the server (the rest of the
// batch applied), answered 4xx on every route; an unexpected database error rejects one item;
// a 500 that repeats for one batch is split until the item is found and set aside.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { POISON_REASON } from '../../src-main/sync/engine.js';
import * as outbox from '../../src-main/sync/outbox.js';
import { appendAudit, verifyAudit } from '../../src-main/users/audit.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { outboxCounts } from '../support/server/fixtures.js';
import {
  alterDatabase,
  api,
  createOrg,
  credentialOf,
  enrol,
  restart,
  serverEntries,
  startProxy,
  startServer,
  type ServerProcess,
} from '../support/server/centralServer.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function device(): TestApp {
  const app = openTestApp();
  cleanup.push(() => app.dispose());
  return app;
}

async function server(): Promise<ServerProcess> {
  const s = await startServer();
  cleanup.push(() => s.kill());
  return s;
}

describe('sync: bad values', () => {
  it('the desktop refuses NUL, control characters and lone surrogates in Thai; a search with NUL answers', async () => {
    const app = device();
    for (const subject of ['ก\u0000ข', 'ก\u0007ข', 'ก\ud800ข']) {
      const r = await app.call('entries.create', incoming(subject));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.fields?.subject).toMatch(/เรื่องมีอักขระ/);
      }
    }
    // Tab and newline are text; a decomposed Thai vowel is stored composed (NFC) once.
    const ok = await app.must('entries.create', { ...incoming('บรรทัดหนึ่ง\r\nบรรทัดสอง\tต่อ'), remark: 'e\u0301' });
    expect(ok.subject).toBe('บรรทัดหนึ่ง\nบรรทัดสอง\tต่อ');
    expect(ok.remark).toBe('\u00e9');
    expect(outboxCounts(app)).toEqual({ pending: 1 });
    const search = await app.call('entries.list', { kind: 'incoming', field: 'subject', q: 'บรร\u0000ทัด' });
    expect(search.ok).toBe(false);
    if (!search.ok) expect([search.error.code, search.error.fields?.q]).toEqual(['invalid_input', expect.stringContaining('คำค้นมีอักขระควบคุม')]);
  });

  it('the server rejects each bad item with a reason and applies the rest of the batch', async () => {
    const s = await server();
    const app = device();
    await enrol(app, s.url, (await createOrg(s, 'สพป.ลำปาง เขต 1')).code);
    for (let i = 1; i <= 8; i++) await app.must('entries.create', incoming(`เรื่อง ${i}`));
    const items = outbox.toPushItems(outbox.pendingBatch(app.core.store, 100)) as (ReturnType<typeof outbox.toPushItems>[number] & { payload: { entry: Record<string, unknown> } })[];
    const entry = (i: number) => (items[i] as { payload: { entry: Record<string, unknown> } }).payload.entry;
    entry(1).subject = 'ก\u0000ข';
    entry(2).subject = 'ก\ud800ข';
    entry(3).registerNo = 2 ** 31;
    (items[4] as { key: string }).key = 'k\u0000';
    (items[5] as { entity: string }).entity = 'en\u0000try';
    entry(6)['ไม่\u0000รู้จัก'] = 1;
    const r = await api(s.url, '/v1/push', { method: 'POST', credential: credentialOf(app), json: { items } });
    expect(r.status).toBe(200);
    const results = r.json.results as { seq: number; status: string; code?: string; reason?: string }[];
    expect(results.map((x) => [x.seq, x.status, x.code ?? ''])).toEqual([
      [1, 'accepted', ''],
      [2, 'rejected', 'invalid_payload'],
      [3, 'rejected', 'invalid_payload'],
      [4, 'rejected', 'invalid_payload'],
      [5, 'rejected', 'invalid_payload'],
      [6, 'rejected', 'invalid_payload'],
      [7, 'rejected', 'invalid_payload'],
      [8, 'accepted', ''],
    ]);
    expect(results[1]?.reason).toContain('ข้อมูลรายการ');
    expect(results[3]?.reason).toContain('registerNo');
    expect((await serverEntries(s.url, credentialOf(app))).map((e) => e.subject).sort()).toEqual(['เรื่อง 1', 'เรื่อง 8']);
    // The same batch again: the same answers, nothing stored twice.
    const again = await api(s.url, '/v1/push', { method: 'POST', credential: credentialOf(app), json: { items } });
    expect((again.json.results as { status: string; original?: string }[]).map((x) => x.original)).toEqual([
      'accepted', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'accepted',
    ]);
  });

  it('every route answers 4xx, never 5xx, for NUL, lone surrogates and out-of-range numbers', async () => {
    const s = await server();
    const app = device();
    const { code } = await createOrg(s, 'สพป.น่าน เขต 1');
    await enrol(app, s.url, code);
    const credential = credentialOf(app);
    const token = (JSON.parse(readFileSync(join(s.dataDir, 'server.json'), 'utf8')) as { adminToken: string }).adminToken;
    const checks: [string, Promise<{ status: number; json: Record<string, unknown> }>, number][] = [
      ['enrol name NUL', api(s.url, '/v1/enrol', { method: 'POST', json: { code: 'ABCD-EFGH-JKLM', deviceName: 'a\u0000b', localDeviceId: 'x', afterSeq: 0 } }), 400],
      ['enrol name surrogate', api(s.url, '/v1/enrol', { method: 'POST', json: { code: 'ABCD-EFGH-JKLM', deviceName: '\ud800', localDeviceId: 'x', afterSeq: 0 } }), 400],
      ['enrol local id NUL', api(s.url, '/v1/enrol', { method: 'POST', json: { code: 'ABCD-EFGH-JKLM', deviceName: 'ก', localDeviceId: '\u0000', afterSeq: 0 } }), 400],
      ['enrol afterSeq huge', api(s.url, '/v1/enrol', { method: 'POST', json: { code: 'ABCD-EFGH-JKLM', deviceName: 'ก', localDeviceId: 'x', afterSeq: 1e300 } }), 400],
      ['handover NUL', api(s.url, '/v1/books/handover', { method: 'POST', credential, json: { kind: 'incoming', year: 2566, toDeviceId: 'a\u0000', throughSeq: 0 } }), 400],
      ['entry id NUL', api(s.url, '/v1/entries/x%00y', { credential }), 404],
      ['entries after NUL', api(s.url, '/v1/entries?after=%00', { credential }), 400],
      ['pull after NUL', api(s.url, '/v1/pull?after=%00', { credential }), 400],
      ['pull after huge', api(s.url, '/v1/pull?after=99999999999999999999999', { credential }), 400],
      ['push seq huge', api(s.url, '/v1/push', { method: 'POST', credential, json: { items: [{ seq: 2 ** 60, key: 'k', entity: 'entry', entityId: 'e', op: 'create', payload: null }] } }), 400],
      ['blob length text', api(s.url, `/v1/blobs/${'a'.repeat(64)}`, { method: 'PUT', credential, body: 'x', headers: { 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': 'abc' } }), 400],
      ['admin org NUL', api(s.url, '/admin/orgs', { method: 'POST', json: { name: 'ก\u0000', kind: 'office' }, headers: { 'x-admin-token': token } }), 400],
      ['admin code NUL', api(s.url, '/admin/codes', { method: 'POST', json: { orgId: '\u0000' }, headers: { 'x-admin-token': token } }), 400],
    ];
    for (const [what, pending, status] of checks) {
      const r = await pending;
      expect([what, r.status]).toEqual([what, status]);
      expect(typeof (r.json.error as { message?: unknown } | undefined)?.message).toBe('string');
    }
    // Nothing above spoiled the device: it still syncs.
    await app.must('entries.create', incoming('หลังคำขอเสีย'));
    expect((await app.must('sync.now', {})).pending).toBe(0);
  });

  it('an unexpected database error on one item rejects that item only', async () => {
    let s = await startServer();
    cleanup.push(() => s.kill());
    const app = device();
    await enrol(app, s.url, (await createOrg(s, 'สพป.แพร่ เขต 1')).code);
    // A rule the server's own checks do not know: the database alone refuses this subject.
    await s.stop();
    await alterDatabase(s, "ALTER TABLE entries ADD CONSTRAINT test_refuse CHECK (data->>'subject' <> 'ฐานข้อมูลไม่รับ')");
    s = await restart(s);
    await app.must('entries.create', incoming('ก่อน'));
    await app.must('entries.create', incoming('ฐานข้อมูลไม่รับ'));
    await app.must('entries.create', incoming('หลัง'));
    const st = await app.must('sync.now', {});
    expect(st.pending).toBe(0);
    expect(st.rejected.map((r) => [r.subject, r.reason])).toEqual([['ฐานข้อมูลไม่รับ', expect.stringContaining('เซิร์ฟเวอร์บันทึกรายการนี้ไม่ได้')]]);
    expect((await serverEntries(s.url, credentialOf(app))).map((e) => e.subject).sort()).toEqual(['ก่อน', 'หลัง']);
    // The cause is in the server's structured log, with the request id.
    const line = s.output().split('\n').find((l) => l.includes('push item refused by the database'));
    expect(line).toBeDefined();
    expect(JSON.parse(line as string)).toMatchObject({ seq: 2, reqId: expect.any(String), err: { message: expect.stringContaining('test_refuse') } });
  });

  it('a 500 that repeats for one batch: the client finds the item, sets it aside and sends the rest', async () => {
    const s = await server();
    const proxy = await startProxy(() => s.port);
    cleanup.push(() => proxy.close());
    const app = device();
    await enrol(app, proxy.url, (await createOrg(s, 'สพป.พะเยา เขต 1')).code);
    for (let i = 0; i < 6; i++) await app.must('entries.create', incoming(i === 3 ? 'POISON-42 เรื่องที่เซิร์ฟเวอร์ล้ม' : `เรื่อง ${i}`));
    const mode = { kind: 'fail500' as const, when: (req: string) => req.includes('POISON-42'), count: 0 };
    proxy.mode = mode;
    const st = await app.must('sync.now', {});
    expect(st.pending).toBe(0);
    expect(st.rejected.map((r) => [r.subject, r.reason])).toEqual([['POISON-42 เรื่องที่เซิร์ฟเวอร์ล้ม', POISON_REASON]]);
    expect(mode.count).toBeGreaterThanOrEqual(4); // tried again, then halved down to the one item
    expect((await serverEntries(s.url, credentialOf(app))).length).toBe(5);
    // Later entries flow normally after it.
    await app.must('entries.create', incoming('เรื่องถัดไป'));
    expect((await app.must('sync.now', {})).pending).toBe(0);
    expect((await serverEntries(s.url, credentialOf(app))).length).toBe(6);
  });

  it('a lone surrogate in a user name never breaks the audit chain', async () => {
    const app = device();
    const r = await app.anonymous.call('auth.login', { username: 'ab\ud800', password: 'ผิด' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fields?.username).toContain('ชื่อผู้ใช้มีอักขระที่ไม่สมบูรณ์');
    // Whatever reaches the trail is hashed as it is stored.
    appendAudit(app.core.store, { action: 'login.failed', entity: 'user', actor: 'x\udc00y', after: { username: 'x\udc00y' } });
    await app.must('entries.create', incoming('หลังเหตุการณ์'));
    expect(await app.must('audit.verify', {})).toMatchObject({ ok: true, firstBreak: null });
    expect(verifyAudit(app.core.store).ok).toBe(true);
  });
});
