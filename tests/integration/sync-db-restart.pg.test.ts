// The server survives its database (PostgreSQL 15 only: PGlite lives inside the server process).
// PostgreSQL is stopped with "fast" shutdown in the middle of an office's work — every
// connection, idle or in a transaction, is terminated — and started again: the server stays up,
// answers 503 (which desktops retry) while the database is away, reconnects by itself, and
// every entry arrives once. Runs in .ci/run's PostgreSQL pass (`vitest --project postgres`).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { localEntries } from '../support/server/fixtures.js';
import { waitFor } from '../support/waitFor.js';
import { postgresAvailable, startPostgres, type ThrowAwayPostgres } from '../support/server/postgres.js';
import { api, createOrg, credentialOf, enrol, serverEntries, startServer, type ServerProcess } from '../support/server/centralServer.js';

let db: ThrowAwayPostgres;
let s: ServerProcess;
let app: TestApp;

beforeAll(async () => {
  if (!postgresAvailable()) throw new Error('this test needs PostgreSQL 15 (/usr/lib/postgresql/15/bin); .ci/run installs it');
  db = startPostgres();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('CREATE DATABASE restart_test');
  await client.end();
  const u = new URL(db.url);
  u.pathname = '/restart_test';
  s = await startServer({ databaseUrl: u.toString(), args: ['--pool-size', '4'] });
  app = openTestApp();
  await enrol(app, s.url, (await createOrg(s, 'สพป.ฐานข้อมูลดับ เขต 1')).code);
});

afterAll(async () => {
  app?.dispose();
  await s?.kill();
  db?.stop();
});

describe('server: the database restarts', () => {
  it('stays up, answers 503 while the database is away, reconnects, and loses nothing', async () => {
    for (let i = 0; i < 40; i++) await app.must('entries.create', incoming(`ก่อนดับ ${i}`));
    expect((await app.must('sync.now', {})).pending).toBe(0);

    db.halt(); // terminates the pool's idle connections: an unhandled 'error' used to kill the server
    await new Promise((r) => setTimeout(r, 500));
    expect(s.proc.exitCode).toBeNull();
    const during = await api(s.url, '/v1/push', { method: 'POST', credential: credentialOf(app), json: { items: [{ seq: 1, key: 'k', entity: 'entry', entityId: 'x', op: 'create', payload: null }] } });
    expect([during.status, (during.json.error as { code: string }).code]).toEqual([503, 'unavailable']);
    const health = await api(s.url, '/health');
    expect([health.status, health.json.database]).toEqual([503, 'down']);
    // The clerk keeps working; the desktop sees a retryable outage.
    for (let i = 0; i < 20; i++) await app.must('entries.create', incoming(`ระหว่างดับ ${i}`));
    const st = await app.must('sync.now', {});
    expect(st.pending).toBe(20);
    expect(st.lastError).toContain('ฐานข้อมูลของเซิร์ฟเวอร์ไม่พร้อมชั่วคราว');

    db.resume();
    await waitFor('the server to reconnect', async () => (await api(s.url, '/health')).status === 200, { timeoutMs: 30_000 });
    expect((await app.must('sync.now', {})).pending).toBe(0);
    expect(await serverEntries(s.url, credentialOf(app))).toEqual(localEntries(app));
    expect(s.proc.exitCode).toBeNull();
    const logged = s.output().split('\n').filter((l) => l.startsWith('{'));
    expect(logged.some((l) => l.includes('database unavailable') && l.includes('"reqId"'))).toBe(true);
    const after = await api(s.url, '/health');
    expect(after.json).toMatchObject({ ok: true, database: 'up', unavailable: expect.any(Number), pushes: expect.any(Number) });
    expect(after.json.unavailable as number).toBeGreaterThanOrEqual(2);
  });
});
