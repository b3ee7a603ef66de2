// Faults injected between the desktop and a real server process, each ending in the same state
// with nothing duplicated or lost: the server killed in the middle of a batch, the answer lost
// after the server committed, the desktop process killed, a rejected item inside a batch.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoot } from '../../src-main/paths.js';
import * as outbox from '../../src-main/sync/outbox.js';
import { syncEngineFor } from '../../src-main/sync/index.js';
import { openTestApp, tempDir, type TestApp } from '../support/core.js';
import { localEntries, outboxCounts, registerMany } from '../support/server/fixtures.js';
import {
  createOrg,
  credentialOf,
  enrol,
  restart,
  serverAcks,
  serverEntries,
  startProxy,
  startServer,
  type Proxy,
  type ServerProcess,
} from '../support/server/centralServer.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function expectConverged(app: TestApp, url: string): Promise<void> {
  expect(outbox.pendingCount(app.core.store)).toBe(0);
  const acks = await serverAcks(url, credentialOf(app));
  const all = app.core.store.raw<{ seq: number }>("SELECT seq FROM outbox WHERE state = 'sent' ORDER BY seq").map((r) => r.seq);
  expect(acks.filter((a) => a.status === 'accepted').map((a) => a.seq)).toEqual(all);
  const mine = localEntries(app);
  expect(await serverEntries(url, credentialOf(app))).toEqual(mine);
}

interface Setup {
  app: TestApp;
  server: ServerProcess;
  proxy: Proxy;
}

/** A desktop enrolled through a proxy in front of a server process. */
async function setup(name: string, app: TestApp = openTestApp()): Promise<Setup> {
  const s: Setup = { app, server: await startServer(), proxy: await startProxy(() => s.server.port) };
  cleanup.push(() => s.app.dispose(), () => s.proxy.close(), () => s.server.kill());
  const { code } = await createOrg(s.server, name);
  await enrol(s.app, s.proxy.url, code);
  return s;
}

const isPush = (req: string): boolean => req.startsWith('POST /v1/push');

describe('sync: faults', () => {
  it('the server killed (-9) in the middle of a batch, then a new server process: same end state', async () => {
    const s = await setup('สพป.น่าน เขต 1');
    await registerMany(s.app, 500);
    s.proxy.mode = { kind: 'onRequest', when: isPush, then: () => void s.server.kill() };
    const during = await s.app.must('sync.now', {});
    expect(during.state).toBe('offline');
    expect(during.pending).toBeGreaterThan(0);

    s.server = await restart(s.server);
    const after = await s.app.must('sync.now', {});
    expect(after.state).toBe('online');
    await expectConverged(s.app, s.server.url);
  });

  it('the connection cut after the server committed, before the answer arrived: resent as duplicates, stored once', async () => {
    const s = await setup('สพป.พะเยา เขต 1');
    await registerMany(s.app, 120);
    s.proxy.mode = { kind: 'dropResponse', when: isPush };
    const lost = await s.app.must('sync.now', {});
    expect(lost.state).toBe('offline');
    // The server has the first batch, the desktop does not know it yet.
    const onServer = await serverEntries(s.server.url, credentialOf(s.app));
    expect(onServer.length).toBeGreaterThan(0);
    expect(outbox.pendingCount(s.app.core.store)).toBe(s.app.core.store.raw<{ n: number }>('SELECT count(*) AS n FROM outbox')[0]?.n);

    await s.app.must('sync.now', {});
    await expectConverged(s.app, s.server.url);
  });

  it('an item the server rejects in the middle of a batch does not stop the rest and is shown to the clerk', async () => {
    const s = await setup('สพป.ตาก เขต 2');
    await registerMany(s.app, 9);
    // A damaged row (as if written by a faulty version): the server must refuse it on its own.
    s.app.core.store.sqlite.prepare("UPDATE outbox SET payload = json_set(payload, '$.entry.registerNo', 0) WHERE seq = 5").run();
    const status = await s.app.must('sync.now', {});
    expect(status.pending).toBe(0);
    expect(outboxCounts(s.app)).toEqual({ sent: 8, rejected: 1 });
    expect(status.rejected.map((r) => r.seq)).toEqual([5]);
    expect(status.rejected[0]?.reason).toContain('ข้อมูลรายการไม่ถูกต้อง');
    const acks = await serverAcks(s.server.url, credentialOf(s.app));
    expect(acks.map((a) => [a.seq, a.status])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [n, n === 5 ? 'rejected' : 'accepted']));

    // Sent again (the answer lost): the same rejection, not a new verdict, and still one row.
    s.app.core.store.sqlite.prepare("UPDATE outbox SET state = 'pending' WHERE seq = 5").run();
    const again = await s.app.must('sync.now', {});
    expect(again.rejected.map((r) => r.seq)).toEqual([5]);

    const exported = await s.app.must('sync.exportRejected', {});
    expect(exported.fileName).toMatch(/\.json$/);
    expect((JSON.parse(exported.content) as { items: { seq: number }[] }).items.map((i) => i.seq)).toEqual([5]);
  });

  it('the desktop process killed at any point while registering and syncing: every committed entry arrives once', async () => {
    const dataDir = tempDir('saraban-killed-');
    const s = await setup('สพป.สุโขทัย เขต 1', openTestApp(dataDir));
    s.app.core.close(); // the desktop process below owns the register now
    const worker = spawn(process.execPath, ['--import', 'tsx', join('tests', 'support', 'server', 'desktopWorker.ts'), dataDir, '5000'], {
      cwd: appRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      worker.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/registered 400\n/.test(out)) {
          worker.kill('SIGKILL');
          resolve();
        }
      });
      worker.stderr.on('data', (d: Buffer) => (out += d.toString()));
      worker.once('exit', () => reject(new Error(`worker ended early:\n${out}`)));
    });
    await new Promise((r) => worker.once('exit', r));

    s.app = openTestApp(dataDir);
    const committed = s.app.core.store.raw<{ n: number }>('SELECT count(*) AS n FROM entries')[0]?.n ?? 0;
    expect(committed).toBeGreaterThanOrEqual(400);
    const engine = syncEngineFor(s.app.core);
    await engine.syncNow();
    await expectConverged(s.app, s.server.url);
    expect((await serverEntries(s.server.url, credentialOf(s.app))).length).toBe(committed);
  });
});
