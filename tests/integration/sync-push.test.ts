// Sync against a real server process and a real database: offline registering, then the
// server comes up; the same batch twice; the server restarted with a new process.
import { afterEach, describe, expect, it } from 'vitest';
import { SyncClient } from '../../src-main/sync/http.js';
import * as outbox from '../../src-main/sync/outbox.js';
import * as syncState from '../../src-main/sync/syncState.js';
import { syncEngineFor } from '../../src-main/sync/index.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { localEntries, outboxCounts, registerMany } from '../support/server/fixtures.js';
import { waitFor } from '../support/waitFor.js';
import { outgoing } from '../support/entries.js';
import {
  createOrg,
  credentialOf,
  enrol,
  restart,
  restoreSnapshot,
  serverAcks,
  serverEntries,
  snapshot,
  startServer,
  type ServerProcess,
} from '../support/server/centralServer.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function track(app: TestApp): TestApp {
  cleanup.push(() => app.dispose());
  return app;
}
function trackServer(s: ServerProcess): ServerProcess {
  cleanup.push(() => s.kill());
  return s;
}

export async function expectSameAsServer(app: TestApp, url: string): Promise<void> {
  const mine = localEntries(app);
  const theirs = await serverEntries(url, credentialOf(app));
  expect(theirs.length).toBe(mine.length);
  expect(theirs).toEqual(mine); // field by field, same id order
}

export async function expectEachSeqOnceInOrder(app: TestApp, url: string): Promise<void> {
  const acks = await serverAcks(url, credentialOf(app));
  const all = app.core.store.raw<{ seq: number }>('SELECT seq FROM outbox ORDER BY seq').map((r) => r.seq);
  expect(acks.map((a) => a.seq)).toEqual(all); // each once, and the server's order is the device's order
  expect(acks.every((a) => a.status === 'accepted')).toBe(true);
}

describe('sync: push to a real central server', () => {
  it('2,000 entries registered offline arrive once, in order, equal field by field, when the server comes up', async () => {
    const app = track(openTestApp());
    const first = await startServer();
    const { code } = await createOrg(first, 'สพป.เชียงใหม่ เขต 5');
    await enrol(app, first.url, code);
    await first.stop(); // the link goes down

    await registerMany(app, 2000);
    const total = app.core.store.raw<{ n: number }>('SELECT count(*) AS n FROM outbox')[0]?.n ?? 0;
    expect(total).toBeGreaterThan(2000); // creates plus edits and cancellations

    const engine = syncEngineFor(app.core, { intervalMs: 60_000, baseBackoffMs: 100, maxBackoffMs: 400 });
    engine.start();
    cleanup.push(() => engine.stop());
    await waitFor('an offline attempt', () => syncState.readState(app.core.store).last_error !== null);
    const offline = await app.must('sync.status', {});
    expect(offline.state).toBe('offline');
    expect(offline.pending).toBe(total);
    expect(offline.lastSuccessAt).toBeNull();

    // The server comes up (a new process on the same data and port): the loop, backing off, finds it.
    const server = trackServer(await restart(first));
    await waitFor('the outbox to empty', () => outbox.pendingCount(app.core.store) === 0, { timeoutMs: 90_000 });
    await waitFor('a successful sync', () => syncState.readState(app.core.store).last_success_at !== null);

    expect(outboxCounts(app)).toEqual({ sent: total });
    const status = await app.must('sync.status', {});
    expect(status.pending).toBe(0);
    expect(status.rejected).toEqual([]);
    expect(status.lastSuccessText).toMatch(/^\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.$/);
    await expectEachSeqOnceInOrder(app, server.url);
    await expectSameAsServer(app, server.url);
  });

  it('the same batch sent twice: the second answer is all duplicates and nothing is stored twice', async () => {
    const app = track(openTestApp());
    const server = trackServer(await startServer());
    const { code } = await createOrg(server, 'สพป.ลำพูน เขต 1');
    await enrol(app, server.url, code);
    await registerMany(app, 30);
    const client = new SyncClient({ baseUrl: server.url, credential: credentialOf(app) });
    const items = outbox.toPushItems(outbox.pendingBatch(app.core.store, 100));

    const once = await client.push(items);
    expect(once.results.map((r) => r.status)).toEqual(items.map(() => 'accepted'));
    const twice = await client.push(items);
    expect(twice.results.map((r) => r.status)).toEqual(items.map(() => 'duplicate'));
    expect(twice.lastSeq).toBe(once.lastSeq);

    // The engine then sends the same rows a third time (it never saw the answers): still once.
    await app.must('sync.now', {});
    expect(outboxCounts(app)).toEqual({ sent: items.length });
    await expectEachSeqOnceInOrder(app, server.url);
    await expectSameAsServer(app, server.url);
  });

  it('circulars (their own ว series) and normal letters of one book are all accepted', async () => {
    const app = track(openTestApp());
    const server = trackServer(await startServer());
    const { code } = await createOrg(server, 'สพป.เชียงใหม่ เขต 5');
    await enrol(app, server.url, code);
    for (const circular of [false, true, false, true]) await app.must('entries.create', outgoing(circular ? 'แจ้งเวียน' : 'ส่งรายงาน', circular));
    await app.must('sync.now', {});
    expect(outboxCounts(app)).toEqual({ sent: 4 });
    await expectSameAsServer(app, server.url);
  });

  it('a gap stops the batch: items after a missing seq are not applied', async () => {
    const app = track(openTestApp());
    const server = trackServer(await startServer());
    const { code } = await createOrg(server, 'สพป.ลำปาง เขต 2');
    await enrol(app, server.url, code);
    await registerMany(app, 6);
    const client = new SyncClient({ baseUrl: server.url, credential: credentialOf(app) });
    const items = outbox.toPushItems(outbox.pendingBatch(app.core.store, 100));
    const withGap = [items[0], items[1], items[3], items[4]].filter((i) => i !== undefined);
    const res = await client.push(withGap);
    expect(res.results.map((r) => [r.seq, r.status])).toEqual([
      [items[0]?.seq, 'accepted'],
      [items[1]?.seq, 'accepted'],
    ]);
    expect(res.gap).toEqual({ expected: items[2]?.seq });
    expect((await serverEntries(server.url, credentialOf(app))).length).toBe(2);
    await app.must('sync.now', {});
    await expectEachSeqOnceInOrder(app, server.url);
    await expectSameAsServer(app, server.url);
  });

  it('a server restored from an older backup gets the rows it lost sent again', async () => {
    const app = track(openTestApp());
    let server = await startServer();
    cleanup.push(() => server.kill());
    const { code } = await createOrg(server, 'สพป.อุตรดิตถ์ เขต 1');
    await enrol(app, server.url, code);
    await registerMany(app, 20, 'ก่อนสำรอง');
    await app.must('sync.now', {});
    await server.stop();
    await snapshot(server);
    server = await restart(server);
    await registerMany(app, 20, 'หลังสำรอง');
    await app.must('sync.now', {});
    await server.stop();
    // The server's disk fails; the administrator restores yesterday's copy.
    await restoreSnapshot(server);
    server = await restart(server);
    await registerMany(app, 5, 'หลังกู้คืน');
    const status = await app.must('sync.now', {});
    expect(status.pending).toBe(0);
    await expectEachSeqOnceInOrder(app, server.url);
    await expectSameAsServer(app, server.url);
  });

  it('the server restarted with a new process between two syncs keeps everything and the cursor', async () => {
    const app = track(openTestApp());
    const first = await startServer();
    const { code } = await createOrg(first, 'สพป.แพร่ เขต 1');
    await enrol(app, first.url, code);
    await registerMany(app, 40);
    await app.must('sync.now', {});
    expect(outbox.pendingCount(app.core.store)).toBe(0);
    await first.stop();
    const server = trackServer(await restart(first));
    await registerMany(app, 40, 'หลังเริ่มเซิร์ฟเวอร์ใหม่');
    const status = await app.must('sync.now', {});
    expect(status.state).toBe('online');
    expect(status.pending).toBe(0);
    await expectEachSeqOnceInOrder(app, server.url);
    await expectSameAsServer(app, server.url);
  });
});
