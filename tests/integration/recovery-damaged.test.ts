// A damaged register (bytes overwritten by the test) opens the recovery API, never an empty
// register: restore the newest good backup, or export what can still be read.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src-main/app.js';
import type { InputOf } from '../../src-shared/contract.js';
import type { EntryPage } from '../../src-shared/domain.js';
import type { RecoveryExport, RecoveryStatus, RestoreResult } from '../../src-shared/usersSchemas.js';
import { openTestApp, TEST_ADMIN, type TestApp } from '../support/core.js';

let app: TestApp | undefined;
let runtime: RunningApp | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  app?.dispose();
  app = undefined;
});

const incoming = (subject: string) =>
  ({ kind: 'incoming', from: 'โรงเรียนบ้านพุย', to: 'สพป.', docNo: 'ศธ 04051.1/5', docDate: '2023-11-16', subject }) as InputOf<'entries.create'>;

/** A register with 40 entries and a backup taken after the first 30; then closed. */
async function registerWithBackup(): Promise<TestApp> {
  const a = openTestApp();
  for (let i = 0; i < 30; i++) await a.must('entries.create', incoming(`เรื่องที่ ${i} ${'ข้อความยาว '.repeat(30)}`));
  await a.must('backup.run', {});
  for (let i = 30; i < 40; i++) await a.must('entries.create', incoming(`เรื่องที่ ${i} ${'ข้อความยาว '.repeat(30)}`));
  a.core.close();
  return a;
}

function overwrite(file: string, offset: number, length: number, byte: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(length, byte), 0, length, offset);
  closeSync(fd);
}

async function ok<T>(r: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>): Promise<T> {
  const x = await r;
  if (!x.ok) throw new Error(x.error?.message);
  return x.value as T;
}

describe('a damaged register', () => {
  it('with its header overwritten opens the recovery API, not an empty register, and the newest good backup restores it', async () => {
    app = await registerWithBackup();
    const file = join(app.dataDir, 'register.sqlite');
    overwrite(file, 0, 100, 0x41);
    runtime = startApp({ dataDir: app.dataDir, log: () => undefined });
    expect(runtime.mode()).toBe('recovery');
    // Found at open (the header): no background check to wait for.
    expect(runtime.integrityState()).toBe('damaged');
    expect(await runtime.integrity()).toMatchObject({ state: 'damaged' });
    const list = await runtime.dispatch('entries.list', { kind: 'incoming' });
    expect(list.ok).toBe(false);
    if (!list.ok) expect([list.error.code, list.error.message]).toEqual(['forbidden', 'ฐานข้อมูลทะเบียนเสียหาย กรุณากู้คืนจากชุดสำรองข้อมูลก่อนใช้งาน']);
    expect(await ok(runtime.dispatch('auth.status', {}))).toMatchObject({ mode: 'recovery' });
    const status = await ok<RecoveryStatus>(runtime.dispatch('recovery.status', {}));
    expect(status.detail).toBeTruthy();
    const good = status.backups.filter((b) => b.good);
    expect(good[0]?.preview?.counts.incoming).toBe(30);

    const restored = await ok<RestoreResult>(runtime.dispatch('recovery.restore', { name: null }));
    expect(restored.restored).toBe(good[0]?.name);
    expect(runtime.mode()).toBe('normal');
    // The damaged file is kept aside, not deleted.
    expect(existsSync(restored.safetyCopy)).toBe(true);
    // The register is back with the backup's 30 entries, and the users with it.
    const core = runtime.core();
    const admin = core?.store.raw<{ id: number }>('SELECT id FROM users WHERE username = ?', [TEST_ADMIN.username])[0];
    const session = core?.sessions.create(admin?.id ?? 0).id ?? null;
    const page = await ok<EntryPage>(runtime.dispatch('entries.list', { kind: 'incoming' }, { sessionId: session }));
    expect(page.total).toBe(30);
    const audit = await ok<{ rows: { action: string }[] }>(runtime.dispatch('audit.list', {}, { sessionId: session }));
    // The restore, then the numbers continuing after the highest issued before the damage (40).
    expect(audit.rows.slice(0, 2).map((r) => r.action)).toEqual(['number.change', 'restore']);
    expect((await ok<{ ok: boolean }>(runtime.dispatch('audit.verify', {}, { sessionId: session }))).ok).toBe(true);
  });

  it('with pages overwritten in the middle is found by the quick check after the open; what can be read is exported', async () => {
    app = await registerWithBackup();
    const file = join(app.dataDir, 'register.sqlite');
    const pageSize = 4096;
    const pages = Math.floor(statSync(file).size / pageSize);
    // Overwrite a run of pages in the middle of the file (the entries table and its indexes).
    overwrite(file, Math.floor(pages / 2) * pageSize, 4 * pageSize, 0xff);
    runtime = startApp({ dataDir: app.dataDir, log: () => undefined });
    // The quick check runs in the background (db/backgroundCheck.ts) and switches the app.
    expect(await runtime.integrity()).toMatchObject({ state: 'damaged' });
    expect(runtime.mode()).toBe('recovery');
    expect((await runtime.dispatch('entries.create', incoming('ห้ามลงทะเบียนบนไฟล์เสีย'))).ok).toBe(false);

    const exported = await ok<RecoveryExport>(runtime.dispatch('recovery.export', {}));
    expect(exported.files.map((f) => f.split(/[\\/]/).pop())).toContain('entries.csv');
    const csv = readFileSync(join(exported.folder, 'entries.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFid,')).toBe(true);
    expect(exported.rows).toBeGreaterThan(0);
    expect(csv).not.toContain('password_hash');
    expect(readdirSync(exported.folder).length).toBe(exported.files.length);

    await ok<RestoreResult>(runtime.dispatch('recovery.restore', { name: null }));
    expect(runtime.core()?.store.raw<{ n: number }>('SELECT count(*) AS n FROM entries')[0]?.n).toBe(30);
  });

  it('with no good backup stays on the recovery screen and says so', async () => {
    app = openTestApp();
    await app.must('entries.create', incoming('ไม่มีชุดสำรอง'));
    app.core.close();
    overwrite(join(app.dataDir, 'register.sqlite'), 0, 100, 0x00);
    runtime = startApp({ dataDir: app.dataDir, log: () => undefined });
    const r = await runtime.dispatch('recovery.restore', { name: null });
    expect(r.ok ? '' : r.error.message).toBe('ไม่พบชุดสำรองข้อมูลที่ใช้ได้');
    expect(runtime.mode()).toBe('recovery');
  });
});
