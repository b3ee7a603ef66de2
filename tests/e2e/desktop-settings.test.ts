// ตั้งค่าระบบ › โปรแกรมบนเครื่องนี้: the admin sees where the register lives, exports the
// diagnostics zip for IT, and moves the register to another folder (copy, verify, switch).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';
import { tempDir } from '../support/core.js';

let browser: Browser;
let app: E2EHost;
const home = tempDir('saraban-e2e-home-');
const target = join(tempDir('saraban-e2e-d-'), 'SarabanData');
beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost({ home });
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
  rmSync(home, { recursive: true, force: true });
  rmSync(target, { recursive: true, force: true });
});

test('the admin exports the diagnostics zip and moves the register to another folder', async () => {
  const admin = await SarabanApp.open(browser, app);
  const page = admin.page;
  const settings = await admin.settings();
  await settings.tab('โปรแกรมบนเครื่องนี้');
  const panel = page.getByTestId('desktop-panel');
  await expect.poll(() => panel.getByTestId('data-dir').innerText()).toBe(app.dataDir);
  // The quick check ran in the background after the start, and passed.
  expect(await panel.getByTestId('integrity').innerText()).toContain('ผ่าน');

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'ส่งออกข้อมูลสำหรับผู้ดูแลระบบ' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^saraban-diagnostics-.*\.zip$/);
  const zip = join(home, download.suggestedFilename());
  await download.saveAs(zip);
  expect(execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' })).toContain('health.json');

  page.once('dialog', (d) => void d.accept());
  await panel.getByLabel('ย้ายไปโฟลเดอร์', { exact: true }).fill(target);
  await panel.getByRole('button', { name: 'ย้ายข้อมูล' }).click();
  await expect.poll(() => panel.getByRole('status').last().innerText().catch(() => '')).toContain('ย้ายแล้ว');
  expect(existsSync(join(target, 'register.sqlite'))).toBe(true);
  // The admin stays logged in, and the app now works on the register in its new folder.
  await expect.poll(() => panel.getByTestId('data-dir').innerText()).toBe(target);
  await admin.register('incoming');
  expect(page.url()).toContain('#/register/incoming');
});
