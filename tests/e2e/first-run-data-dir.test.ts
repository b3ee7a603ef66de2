// The first run asks where the register lives (offices keep it on D:\): the folder is checked
// (another office's register there is refused, nothing moves), then the fresh register moves
// there through the same copy-verify-switch and pointer file as ตั้งค่าระบบ, and the first admin
// is created in the register at its new place.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chosenDataDir } from '../../src-main/dataDir.js';
import { FirstRunScreen } from './pages/SarabanApp.js';
import { launchBrowser, openPage } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';
import { tempDir } from '../support/core.js';

let browser: Browser;
let app: E2EHost;
const home = tempDir('saraban-e2e-home-');
const drive = tempDir('saraban-e2e-d-');
beforeAll(async () => {
  browser = await launchBrowser();
  // home: the app's own folder with the pointer file, as %LOCALAPPDATA%\SarabanDesk is.
  app = await startE2EHost({ firstStart: true, home });
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
  rmSync(home, { recursive: true, force: true });
  rmSync(drive, { recursive: true, force: true });
});

function usernames(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT username FROM users ORDER BY id').all() as { username: string }[]).map((r) => r.username);
  } finally {
    db.close();
  }
}

test('the first admin picks a folder on another drive and the register really lives there', async () => {
  const page = await openPage(browser, app.url, { login: null });
  await page.setViewportSize({ width: 1366, height: 768 });
  const setup = new FirstRunScreen(page);
  await setup.form.waitFor();
  // The default folder is offered, with the reason to choose and the rules in Thai.
  expect(await setup.dataDirField().inputValue()).toBe(app.dataDir);
  const text = await setup.form.innerText();
  expect(text).toContain('หลายสำนักงานเก็บไว้ที่ไดรฟ์ D:');
  expect(text).toContain('ไม่อยู่ในโปรไฟล์ Roaming');
  await setup.fillAdmin({ username: 'somsri', displayName: 'นางสมศรี ผู้ดูแล', password: 'first-run-2566' });

  // A folder that already holds a register (another office's) is refused; nothing moves.
  const other = join(drive, 'OtherOffice');
  mkdirSync(other, { recursive: true });
  writeFileSync(join(other, 'register.sqlite'), 'not ours');
  await setup.dataDirField().fill(other);
  await setup.submit();
  await expect.poll(() => setup.form.innerText()).toContain('มีไฟล์ทะเบียน (register.sqlite) อยู่แล้ว');
  expect(chosenDataDir(home)).toBeNull();
  expect(usernames(join(app.dataDir, 'register.sqlite'))).toEqual([]);

  const target = join(drive, 'SarabanData');
  await setup.dataDirField().fill(target);
  // The button is on screen at 1366x768 without scrolling the window sideways.
  const button = setup.form.getByRole('button', { name: 'สร้างบัญชีและเข้าสู่ระบบ' });
  const box = await button.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(1366);
  await setup.submit();
  await expect.poll(() => page.locator('header').innerText(), { timeout: 20_000 }).toContain('นางสมศรี ผู้ดูแล');

  // The register is in the chosen folder, with the admin in it; the pointer names it; the app
  // works there; the default folder's fresh register was left as it was, without the admin.
  expect(existsSync(join(target, 'register.sqlite'))).toBe(true);
  expect(usernames(join(target, 'register.sqlite'))).toEqual(['somsri']);
  expect(usernames(join(app.dataDir, 'register.sqlite'))).toEqual([]);
  expect(chosenDataDir(home)).toBe(target);
  expect(app.runtime.dataDir()).toBe(target);
  expect(app.core.store.sqlite.name).toBe(join(target, 'register.sqlite'));
  const moved = app.core.store.raw<{ after: string }>("SELECT after FROM audit_events WHERE entity = 'data-folder'");
  expect(moved.map((m) => (JSON.parse(m.after) as { to: string }).to)).toEqual([target]);
});
