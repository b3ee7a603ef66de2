// Moving the register to the folder the admin chooses: copy, verify, switch; the old folder stays.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src-main/app.js';
import { promoteToBlob } from '../../src-main/attachments/blobFiles.js';
import { chosenDataDir, type PlatformFacts } from '../../src-main/dataDir.js';
import { checkMoveTarget } from '../../src-main/dataMove.js';
import { openTestApp, tempDir, TEST_ADMIN } from '../support/core.js';
import { incoming } from '../support/entries.js';

let running: RunningApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function registerWithFiles(): Promise<string> {
  const app = openTestApp();
  for (let i = 0; i < 12; i++) await app.must('entries.create', incoming(`เรื่องที่ ${i}`));
  const bytes = Buffer.from('%PDF-1.4 เอกสารแนบ');
  const tmp = join(app.dataDir, 'upload.part');
  writeFileSync(tmp, bytes);
  promoteToBlob(app.dataDir, tmp, createHash('sha256').update(bytes).digest('hex'));
  app.core.close();
  dirs.push(app.dataDir);
  return app.dataDir;
}

describe('moving the data folder', () => {
  it('copies the register and files, verifies them, switches the pointer and carries on there', async () => {
    const from = await registerWithFiles();
    const home = tempDir('saraban-home-');
    const target = join(tempDir('saraban-d-'), 'SarabanData');
    dirs.push(home, target);
    running = startApp({ dataDir: from, home, dataDirSource: 'default', log: () => undefined });
    const admin = running.core()?.store.raw<{ id: number }>('SELECT id FROM users WHERE username = ?', [TEST_ADMIN.username])[0];
    const before = running.core()?.sessions.create(admin?.id ?? 0).id ?? null;
    const status = await running.dispatch('desktop.status', {}, { sessionId: before });
    expect(status).toMatchObject({ ok: true, value: { dataDir: from, dataDirSource: 'default', canMove: true, desktop: false } });
    // Through the API, as the admin's ตั้งค่าระบบ does it.
    const moved = await running.dispatch('desktop.moveDataDir', { to: target }, { sessionId: before });
    expect(moved).toMatchObject({ ok: true, value: { entries: 12, attachments: 1, to: target } });
    expect(running.dataDir()).toBe(target);
    expect(chosenDataDir(home)).toBe(target);
    // The admin stays logged in; the app now writes to the new folder, the old one keeps its 12 entries.
    const session = before;
    expect(await running.dispatch('desktop.status', {}, { sessionId: session })).toMatchObject({ ok: true, value: { dataDir: target, dataDirSource: 'chosen' } });
    const moveEvent = running.core()?.store.raw<{ entity: string; after: string }>("SELECT entity, after FROM audit_events WHERE entity = 'data-folder'")[0];
    expect(moveEvent?.after).toContain(target.replace(/\\/g, '\\\\'));
    const created = await running.dispatch('entries.create', incoming('หลังย้ายโฟลเดอร์'), { sessionId: session });
    expect(created.ok).toBe(true);
    expect(running.core()?.store.raw<{ n: number }>('SELECT count(*) AS n FROM entries')[0]?.n).toBe(13);
    await running.stop();
    running = startApp({ dataDir: from, log: () => undefined });
    expect(running.core()?.store.raw<{ n: number }>('SELECT count(*) AS n FROM entries')[0]?.n).toBe(12);
  });

  it('refuses a folder that is not empty or inside the old one, and keeps working where it was', async () => {
    const from = await registerWithFiles();
    const home = tempDir('saraban-home-');
    const busy = tempDir('saraban-busy-');
    dirs.push(home, busy);
    writeFileSync(join(busy, 'something.txt'), 'x');
    running = startApp({ dataDir: from, home, log: () => undefined });
    await expect(running.relocate(busy)).rejects.toThrow(/ว่างเปล่า/);
    await expect(running.relocate(join(from, 'inner'))).rejects.toThrow(/ต้องไม่อยู่ในโฟลเดอร์เดิม/);
    expect(existsSync(join(home, 'data-location.json'))).toBe(false);
    expect(running.mode()).toBe('normal');
    expect(running.dataDir()).toBe(from);
  });

  it('refuses a folder holding a register, a folder it cannot write and the roaming profile (the first run checks the same)', async () => {
    const from = await registerWithFiles();
    const home = tempDir('saraban-home-');
    const other = tempDir('saraban-other-office-');
    dirs.push(home, other);
    writeFileSync(join(other, 'register.sqlite'), 'another office');
    running = startApp({ dataDir: from, home, log: () => undefined });
    await expect(running.relocate(other)).rejects.toThrow(/มีไฟล์ทะเบียน \(register\.sqlite\) อยู่แล้ว/);
    // Under a file: the folder cannot be created (as a drive that is not there, or no rights).
    const file = join(other, 'register.sqlite');
    await expect(running.relocate(join(file, 'SarabanData'))).rejects.toThrow(/เขียนไฟล์ในโฟลเดอร์นี้ไม่ได้/);
    const roaming: PlatformFacts = { platform: 'win32', env: { APPDATA: 'C:\\Users\\clerk\\AppData\\Roaming' }, home: 'C:\\Users\\clerk', execPath: 'C:\\x.exe' };
    expect(() => checkMoveTarget('C:\\Users\\clerk\\AppData\\Local\\SarabanDesk\\data', 'C:\\Users\\clerk\\AppData\\Roaming\\Saraban', roaming)).toThrow(/Roaming/);
    expect(existsSync(join(home, 'data-location.json'))).toBe(false);
    expect(running.dataDir()).toBe(from);
    expect(running.mode()).toBe('normal');
  });

  it('at the first run, before any user exists, anyone at the PC may choose the folder; once the admin exists, never', async () => {
    const fresh = tempDir('saraban-first-');
    const home = tempDir('saraban-home-');
    const target = join(tempDir('saraban-d-'), 'SarabanData');
    dirs.push(fresh, home, target);
    running = startApp({ dataDir: fresh, home, dataDirSource: 'default', log: () => undefined });
    expect(await running.dispatch('auth.status', {})).toMatchObject({ ok: true, value: { needsSetup: true, setupDataDir: { dataDir: fresh, canChoose: true } } });
    expect(await running.dispatch('auth.setupDataDir', { to: 'SarabanData' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await running.dispatch('auth.setupDataDir', { to: target })).toMatchObject({ ok: true, value: { from: fresh, to: target } });
    expect(chosenDataDir(home)).toBe(target);
    // Sent again (the form failed after the move): nothing moves twice.
    expect(await running.dispatch('auth.setupDataDir', { to: target })).toMatchObject({ ok: true, value: { from: target, to: target } });
    const admin = await running.dispatch('auth.setupAdmin', { username: 'first', displayName: 'ผู้ดูแลคนแรก', password: 'first-admin-1' });
    expect(admin.ok).toBe(true);
    expect(await running.dispatch('auth.status', {})).toMatchObject({ ok: true, value: { needsSetup: false, setupDataDir: null } });
    const again = await running.dispatch('auth.setupDataDir', { to: join(home, 'elsewhere') });
    expect(again.ok ? '' : again.error.message).toContain('มีผู้ดูแลระบบแล้ว');
    expect(running.dataDir()).toBe(target);
  });

  it('does not switch when a copied file does not match (the old folder stays in use)', async () => {
    const from = await registerWithFiles();
    const home = tempDir('saraban-home-');
    const target = join(tempDir('saraban-d-'), 'SarabanData');
    dirs.push(home, target);
    // An attachment whose bytes no longer match its name (a bad sector in the old folder).
    const prefixDir = join(from, 'attachments', 'ab');
    mkdirSync(prefixDir, { recursive: true });
    writeFileSync(join(prefixDir, `ab${'0'.repeat(62)}`), 'not these bytes');
    running = startApp({ dataDir: from, home, log: () => undefined });
    await expect(running.relocate(target)).rejects.toThrow(/คัดลอกไฟล์แนบไม่ครบ/);
    expect(chosenDataDir(home)).toBeNull();
    expect(running.dataDir()).toBe(from);
    expect(running.mode()).toBe('normal');
    expect(readFileSync(join(from, 'register.sqlite')).length).toBeGreaterThan(0);
  });
});
