// Imported AMSS++ history reaches the central server as history: every row is accepted (also
// AMSS++'s duplicate numbers), no register book is claimed by it, and the first entry the
// clerk registers afterwards claims the book and continues after the imported numbers. A secret
// letter among them reaches the server sealed, never in clear.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runAmssImport } from '../../src-main/importing/amssImport.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { createOrg, credentialOf, enrol, serverEntries, startServer, type ServerProcess } from '../support/server/centralServer.js';

const FIXTURE = join(process.cwd(), 'tests', 'fixtures', 'amss');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

it('imported entries sync as history without claiming a book; the next registration claims it', async () => {
  const s: ServerProcess = await startServer();
  cleanup.push(() => s.kill());
  const { code } = await createOrg(s, 'สพป.เชียงใหม่ เขต 5');
  const app: TestApp = openTestApp(undefined, new Date('2024-06-14T10:00:00+07:00'));
  cleanup.push(() => app.dispose());
  await enrol(app, s.url, code, 'เครื่องงานสารบรรณ');

  const ctx = { store: app.core.store, dataDir: app.dataDir, deviceId: app.core.deviceId, actor: 'ผู้ดูแลระบบ', now: app.clock.now };
  await runAmssImport(ctx, { dump: join(FIXTURE, 'amss-2567.sql'), filesRoot: join(FIXTURE, 'files'), school: null });
  const first = await app.must('sync.now', {});
  expect([first.pending, first.rejected.length]).toEqual([0, 0]);
  const onServer = await serverEntries(s.url, credentialOf(app));
  expect(onServer).toHaveLength(16);
  const sixes = onServer.filter((e) => e.kind === 'incoming' && e.year === 2567 && e.registerNo === 6);
  expect(sixes).toHaveLength(2);
  // An imported ลับ letter goes sealed with the office key like any secret entry: no subject in clear.
  const secret = onServer.filter((e) => e.secrecy === 'secret');
  expect(secret.map((e) => [e.registerNo, 'subject' in e, (e.sealed as { alg?: string } | undefined)?.alg])).toEqual([[5, false, 'A256GCM']]);
  expect(JSON.stringify(onServer)).not.toContain('เรื่องลับของหน่วยงาน');
  expect((await app.must('sync.listBooks', {})).books).toEqual([]);

  const next = await app.must('entries.create', incoming('ลงทะเบียนฉบับแรกหลังย้ายระบบ', { docDate: '2024-06-14' }));
  expect(next.registerNo).toBe(8);
  const second = await app.must('sync.now', {});
  expect([second.pending, second.rejected.length]).toEqual([0, 0]);
  const books = (await app.must('sync.listBooks', {})).books;
  expect(books.map((b) => [b.kind, b.year, b.nextNo])).toEqual([['incoming', 2567, 9]]);
});
