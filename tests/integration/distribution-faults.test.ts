// Faults on the way between organisations, against a real server process behind a proxy that
// cuts connections: the server killed in the middle of a fan-out, the answer to a receipt lost.
// Every school ends with the document exactly once, every receipt is counted exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { receive } from '../../src-main/distribution/service.js';
import { listInbox, sentDetails } from '../../src-main/distribution/queries.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { api, createOrg, credentialOf, enrol, restart, startProxy, startServer, type ServerProcess } from '../support/server/centralServer.js';
import { addSchool, composeInput, send } from './distribution-support.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function desktop(): TestApp {
  const app = openTestApp();
  cleanup.push(() => app.dispose());
  return app;
}

async function trySync(app: TestApp): Promise<void> {
  await app.call('sync.now', {});
}

describe('distribution faults', () => {
  it('server killed during a fan-out to 50 schools: after a restart each school has it exactly once', async () => {
    let s: ServerProcess = await startServer();
    cleanup.push(() => s.kill());
    const proxy = await startProxy(() => s.port);
    cleanup.push(() => proxy.close());
    const { orgId: officeId, code } = await createOrg(s, 'สพป.เชียงใหม่ เขต 5');
    const office = desktop();
    await enrol(office, proxy.url, code);
    const enrolled: { orgId: string; app: TestApp }[] = [];
    const all: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await addSchool(s, officeId, String(50020000 + i), `โรงเรียนที่ ${i + 1}`);
      all.push(r.orgId);
      if (i < 2) {
        const app = desktop();
        await enrol(app, proxy.url, r.code);
        enrolled.push({ orgId: r.orgId, app });
      }
    }
    await office.must('sync.now', {});
    const { id } = send(office, composeInput({ allGovernment: true }));
    let killed: Promise<void> | null = null;
    proxy.mode = { kind: 'onRequest', when: (req) => req.startsWith('POST /v1/push'), then: () => (killed = s.kill()) };
    await trySync(office);
    expect(killed).not.toBeNull();
    await killed;
    s = await restart(s);
    await office.must('sync.now', {});
    expect(sentDetails(office.core.store, id).state).toBe('sent');
    const view = await api(s.url, `/v1/distribution/documents/${id}?limit=5000`, { credential: credentialOf(office) });
    const recipients = view.json.recipients as { orgId: string }[];
    expect(recipients.map((r) => r.orgId).sort()).toEqual([...all].sort());
    for (const school of enrolled) {
      await school.app.must('sync.now', {});
      await school.app.must('sync.now', {});
      expect(listInbox(school.app.core.store, { archived: false, query: '', offset: 0, limit: 50 }).rows.map((r) => r.id)).toEqual([id]);
    }
  }, 240_000);

  it('the answer to a receipt is lost: it is sent again and counted once', async () => {
    const s = await startServer();
    cleanup.push(() => s.kill());
    const proxy = await startProxy(() => s.port);
    cleanup.push(() => proxy.close());
    const { orgId: officeId, code } = await createOrg(s, 'สพป.เชียงใหม่ เขต 5');
    const office = desktop();
    await enrol(office, s.url, code);
    const r = await addSchool(s, officeId, '50010001', 'โรงเรียนบ้านห้วยปูลิง');
    const school = desktop();
    await enrol(school, proxy.url, r.code);
    await office.must('sync.now', {});
    const { id } = send(office, composeInput({ orgIds: [r.orgId] }));
    await office.must('sync.now', {});
    await school.must('sync.now', {});
    const got = receive(school.core, id);
    // The school's next push carries the register entry and the receipt (only it goes through the proxy).
    proxy.mode = { kind: 'dropResponse', when: (req) => req.startsWith('POST /v1/push') };
    await trySync(school);
    // The server applied it, the school never heard: the receipt is still waiting to be sent.
    expect(school.core.store.raw("SELECT state FROM outbox WHERE op = 'receipt'")).toEqual([{ state: 'pending' }]);
    const again = await school.must('sync.now', {});
    expect(again.pending).toBe(0);
    expect(again.rejected).toEqual([]);
    expect(receive(school.core, id)).toMatchObject({ already: true, registerNo: got.registerNo });
    await office.must('sync.now', {});
    expect(sentDetails(office.core.store, id)).toMatchObject({ receivedCount: 1 });
    expect(sentDetails(office.core.store, id).recipients[0]).toMatchObject({ registerNo: got.registerNo });
    const view = await api(s.url, `/v1/distribution/documents/${id}`, { credential: credentialOf(office) });
    expect(view.json.receivedCount).toBe(1);
  });
});
