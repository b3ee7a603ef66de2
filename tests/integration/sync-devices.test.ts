// Register books across devices of one organisation: two devices registering in the books each
// holds, at the same time; a third device refused for a book it does not hold; a hand-over.
import { afterEach, describe, expect, it } from 'vitest';
import * as syncState from '../../src-main/sync/syncState.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { localEntries, outboxCounts } from '../support/server/fixtures.js';
import { incoming, outgoing } from '../support/entries.js';
import { api, createOrg, credentialOf, enrol, newCode, serverEntries, startServer, type ServerProcess } from '../support/server/centralServer.js';

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

describe('sync: books held by devices', () => {
  it('two devices register concurrently in the books each holds; a third is refused; a hand-over continues the numbers', async () => {
    const s = await server();
    const { orgId, code } = await createOrg(s, 'สพป.เชียงราย เขต 1');
    const a = device();
    const b = device();
    const c = device();
    await enrol(a, s.url, code, 'เครื่องงานรับ');
    await enrol(b, s.url, await newCode(s, orgId), 'เครื่องงานส่ง');
    await enrol(c, s.url, await newCode(s, orgId), 'เครื่องสำรอง');

    // A holds the incoming book, B the outgoing book: they register and sync at the same time.
    const work = async (app: TestApp, fields: (i: number) => Parameters<TestApp['must']>[1], n: number) => {
      for (let i = 0; i < n; i++) {
        await app.must('entries.create', fields(i) as never);
        if (i % 20 === 19) await app.must('sync.now', {});
      }
      return app.must('sync.now', {});
    };
    const [sa, sb] = await Promise.all([work(a, (i) => incoming(`รับ ${i}`), 100), work(b, (i) => outgoing(`ส่ง ${i}`), 100)]);
    expect([sa.pending, sa.rejected.length, sb.pending, sb.rejected.length]).toEqual([0, 0, 0, 0]);
    const onServer = await serverEntries(s.url, credentialOf(a));
    expect(onServer.length).toBe(200);
    expect(onServer).toEqual([...localEntries(a), ...localEntries(b)].sort((x, y) => (x.id < y.id ? -1 : 1)));

    // C writes into the incoming book it does not hold: refused (not retried) and shown.
    await c.must('entries.create', outgoing('ส่งจากเครื่องสำรอง')); // outgoing is B's too
    await c.must('entries.create', incoming('รับจากเครื่องสำรอง'));
    const sc = await c.must('sync.now', {});
    expect(sc.pending).toBe(0);
    expect(sc.rejected.map((r) => r.kind)).toEqual(['outgoing', 'incoming']);
    expect(sc.rejected[1]?.reason).toContain('ทะเบียนหนังสือรับ ปี 2566 อยู่ที่เครื่องอื่น');
    expect(outboxCounts(c)).toEqual({ rejected: 2 });
    expect((await serverEntries(s.url, credentialOf(a))).length).toBe(200);
    // The next sync does not send them again.
    await c.must('sync.now', {});
    expect(outboxCounts(c)).toEqual({ rejected: 2 });

    // A hands the incoming book to C. C's next incoming continues after A's 100.
    const view = await a.must('sync.listBooks', {});
    expect(view.books.map((bk) => [bk.kind, bk.year, bk.nextNo])).toEqual([
      ['incoming', 2566, 101],
      ['outgoing', 2566, 101],
    ]);
    expect(view.books.find((bk) => bk.kind === 'incoming')?.holderDeviceId).toBe(syncState.readConfig(a.core.store)?.deviceId);
    const cId = view.devices.find((d) => d.name === 'เครื่องสำรอง')?.id as string;
    await a.must('sync.handover', { kind: 'incoming', year: 2566, toDeviceId: cId });
    await c.must('sync.now', {}); // C learns it by pull
    const mine = await c.must('entries.create', incoming('รับหลังรับมอบ'));
    expect(mine.registerNo).toBe(101);
    // C's old refused entry kept number 1: retrying it is refused again, now for the number.
    const retried = await c.must('sync.retryRejected', { seq: sc.rejected[1]?.seq as number });
    expect(retried.rejected.map((r) => r.kind)).toEqual(['outgoing']);
    const after = await c.must('sync.now', {});
    expect(after.pending).toBe(0);
    expect(after.rejected.map((r) => r.reason).join(' ')).toContain('เลขทะเบียน 1 ของเล่มนี้มีรายการอื่นใช้แล้ว');
    const incomingOnServer = (await serverEntries(s.url, credentialOf(c))).filter((e) => e.kind === 'incoming').map((e) => e.registerNo);
    expect(new Set(incomingOnServer).size).toBe(incomingOnServer.length); // never a number twice
    expect(incomingOnServer).toContain(101);

    // A no longer holds it: A's new incoming entry is refused.
    await a.must('entries.create', incoming('รับหลังส่งมอบ'));
    const sa2 = await a.must('sync.now', {});
    expect(sa2.rejected.map((r) => r.kind)).toEqual(['incoming']);
  });

  it('a hand-over is refused while the holder still has entries to send', async () => {
    const s = await server();
    const { orgId, code } = await createOrg(s, 'สพป.พิษณุโลก เขต 1');
    const a = device();
    const b = device();
    await enrol(a, s.url, code, 'ก');
    await enrol(b, s.url, await newCode(s, orgId), 'ข');
    await a.must('entries.create', incoming('เรื่องแรก'));
    await a.must('sync.now', {});
    await a.must('entries.create', incoming('ยังไม่ได้ส่ง'));
    const bId = syncState.readConfig(b.core.store)?.deviceId as string;
    // Directly at the server: A says its last seq is 2 but the server has only 1.
    const r = await api(s.url, '/v1/books/handover', { method: 'POST', credential: credentialOf(a), json: { kind: 'incoming', year: 2566, toDeviceId: bId, throughSeq: 2 } });
    expect(r.status).toBe(409);
    expect((r.json.error as { code: string }).code).toBe('pending');
    // And a device that does not hold the book cannot give it away.
    const r2 = await api(s.url, '/v1/books/handover', { method: 'POST', credential: credentialOf(b), json: { kind: 'incoming', year: 2566, toDeviceId: bId, throughSeq: 0 } });
    expect(r2.status).toBe(403);
  });
});
