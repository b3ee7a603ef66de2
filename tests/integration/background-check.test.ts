// The quick check no longer holds up the start: the register opens at once and a worker thread
// checks it (src-main/db/backgroundCheck.ts). Damage only the check can see (an index page whose
// cell pointers are overwritten: the open, the login and the meta reads never touch it) switches
// the running app to the recovery API once the check finishes; SQLite's SQLITE_CORRUPT met by a
// call switches it too; a check that cannot run is never taken for damage; and a backup of the
// damaged register is refused rather than kept as a good one.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src-main/app.js';
import { listBackups, runBackup } from '../../src-main/backup/backups.js';
import { openCore, type Core } from '../../src-main/core.js';
import { startBackgroundQuickCheck } from '../../src-main/db/backgroundCheck.js';
import type { InputOf } from '../../src-shared/contract.js';
import type { RecoveryStatus } from '../../src-shared/usersSchemas.js';
import { openTestApp, TEST_ADMIN, type TestApp } from '../support/core.js';

let app: TestApp | undefined;
let runtime: RunningApp | undefined;
let core: Core | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  core?.close();
  core = undefined;
  app?.dispose();
  app = undefined;
});

const incoming = (i: number) =>
  ({ kind: 'incoming', from: 'โรงเรียนบ้านพุย', to: 'สพป.', docNo: `ศธ 04051.1/${i}`, docDate: '2023-11-16', subject: `เรื่องที่ ${i} ${'ข้อความยาว '.repeat(10)}` }) as InputOf<'entries.create'>;

/** A register of 120 letters with a good backup of them; closed. */
async function registerWithBackup(): Promise<TestApp> {
  const a = openTestApp();
  for (let i = 0; i < 120; i++) await a.must('entries.create', incoming(i));
  await a.must('backup.run', {});
  a.core.close();
  return a;
}

/** Overwrites the cell pointers of an index's root page: a malformed page only a check or a read of that index meets. */
function damageIndex(file: string, index: string): void {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND name = ?").get(index) as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(file, 'r+');
  // After the 8-byte header of a leaf page (or the 12-byte one of an interior page: both hit pointers).
  writeSync(fd, Buffer.alloc(8, 0xff), 0, 8, (rootpage - 1) * pageSize + 12);
  closeSync(fd);
}

/** A session of the register's admin, made without waiting (a login's scrypt would let the check finish first). */
function adminSession(running: RunningApp): string {
  const open = running.core();
  if (!open) throw new Error('the register did not open');
  const id = open.store.raw<{ id: number }>('SELECT id FROM users WHERE username = ?', [TEST_ADMIN.username])[0]?.id ?? 0;
  return open.sessions.create(id).id;
}

async function value<T>(r: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>): Promise<T> {
  const x = await r;
  if (!x.ok) throw new Error(x.error?.message);
  return x.value as T;
}

describe('the quick check in the background', () => {
  it('opens a register with a damaged index at once, then switches to recovery when the check finds it', async () => {
    app = await registerWithBackup();
    const file = join(app.dataDir, 'register.sqlite');
    damageIndex(file, 'entries_registered_on');

    runtime = startApp({ dataDir: app.dataDir, log: () => undefined });
    // Usable at once: the check has not finished; the clerk's first screen answers.
    expect(runtime.mode()).toBe('normal');
    expect(runtime.integrityState()).toBe('running');
    const session = adminSession(runtime);
    const [home, recoveryStatus] = await Promise.all([runtime.dispatch('entries.list', { kind: 'outgoing' }, { sessionId: session }), runtime.dispatch('recovery.status', {})]);
    expect(home.ok).toBe(true);
    // The renderer asks again while the check runs (src-renderer/features/auth/RecoveryGate.tsx).
    expect(recoveryStatus).toMatchObject({ ok: true, value: { mode: 'normal', checking: true } });

    const outcome = await runtime.integrity();
    expect(outcome.state).toBe('damaged');
    expect(runtime.mode()).toBe('recovery');
    expect(runtime.core()).toBeNull();
    const status = await value<RecoveryStatus>(runtime.dispatch('recovery.status', {}));
    expect(status.mode).toBe('recovery');
    expect(status.detail).toMatch(/Tree \d+ page/);
    // Nothing more is written on the damaged file, whoever asks.
    const refused = await runtime.dispatch('entries.create', incoming(999), { sessionId: session });
    expect(refused.ok ? '' : refused.error.message).toBe('ฐานข้อมูลทะเบียนเสียหาย กรุณากู้คืนจากชุดสำรองข้อมูลก่อนใช้งาน');
    expect(await value(runtime.dispatch('auth.status', {}))).toMatchObject({ mode: 'recovery' });

    // The recovery screen restores the newest good backup, as for damage found at open.
    await value(runtime.dispatch('recovery.restore', { name: null }));
    expect(runtime.mode()).toBe('normal');
    expect(runtime.core()?.store.raw<{ n: number }>('SELECT count(*) AS n FROM entries')[0]?.n).toBe(120);
    expect(await runtime.integrity()).toEqual({ state: 'ok' });
  });

  it('a healthy register checks out in the background and stays open', async () => {
    app = await registerWithBackup();
    runtime = startApp({ dataDir: app.dataDir, log: () => undefined });
    expect(runtime.integrityState()).toBe('running');
    expect(await runtime.integrity()).toEqual({ state: 'ok' });
    expect(runtime.integrityState()).toBe('ok');
    expect(runtime.mode()).toBe('normal');
    expect(await value<RecoveryStatus>(runtime.dispatch('recovery.status', {}))).toMatchObject({ mode: 'normal', checking: false });
  });

  it('SQLITE_CORRUPT met by a call switches to recovery without waiting for the check', async () => {
    app = await registerWithBackup();
    damageIndex(join(app.dataDir, 'register.sqlite'), 'entries_list');
    const logged: unknown[] = [];
    runtime = startApp({ dataDir: app.dataDir, log: (e) => logged.push(e) });
    // Sent before the check can answer (its thread has not even started): the call meets the damage first.
    const list = await runtime.dispatch('entries.list', { kind: 'incoming' }, { sessionId: adminSession(runtime) });
    expect(list.ok).toBe(false);
    expect(runtime.mode()).toBe('recovery');
    // SQLite's words from the call, not the quick check's report.
    expect(runtime.damage()).toMatch(/malformed/);
    expect(logged.some((e) => e instanceof Error && /SQLITE_CORRUPT|malformed/i.test(`${(e as { code?: string }).code} ${e.message}`))).toBe(true);
  });

  it('a check that cannot run (a native module that is not there) is "failed", never damage', async () => {
    app = openTestApp();
    app.core.close();
    const outcome = await startBackgroundQuickCheck(join(app.dataDir, 'register.sqlite'), { nativeBinding: join(app.dataDir, 'no-such', 'better_sqlite3.node') }).result;
    expect(outcome.state).toBe('failed');
  });

  it('a backup of a register with a damaged index is refused, never kept as a good one', async () => {
    app = await registerWithBackup();
    const file = join(app.dataDir, 'register.sqlite');
    const before = listBackups(app.dataDir, { check: true }).map((b) => b.name);
    damageIndex(file, 'entries_registered_on');
    core = openCore({ dataDir: app.dataDir, quickCheck: 'deferred' });
    await expect(runBackup(core, 'manual')).rejects.toThrow(/สำรองข้อมูลไม่สำเร็จ/);
    const after = listBackups(app.dataDir, { check: true });
    expect(after.map((b) => b.name)).toEqual(before);
    expect(after.every((b) => b.good)).toBe(true);
  });
});
