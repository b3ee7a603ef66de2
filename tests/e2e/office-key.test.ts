// The admin carries the office key for secret entries from the office's first PC to a second
// one through ตั้งค่าระบบ › เซิร์ฟเวอร์กลาง: export with a passphrase (a short one refused in Thai),
// import on the other PC (a wrong passphrase refused, nothing changed). Two real desktop hosts,
// a real server process, real Chromium at 1366×768.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempDir } from '../support/core.js';
import { createOrg, newCode, startServer, type ServerProcess } from '../support/server/centralServer.js';
import { api } from './pages/api.js';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser, screenshotPath } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

let browser: Browser;
let server: ServerProcess;
let first: E2EHost;
let second: E2EHost;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer({ databaseUrl: undefined })]);
  [first, second] = await Promise.all([startE2EHost({ sync: true }), startE2EHost({ sync: true })]);
});
afterAll(async () => {
  await browser?.close();
  await first?.dispose();
  await second?.dispose();
  await server?.stop();
});

async function keySection(app: E2EHost): Promise<Page> {
  const clerk = await SarabanApp.open(browser, app);
  await clerk.page.setViewportSize({ width: 1366, height: 768 });
  await (await clerk.settings()).page.getByRole('tab', { name: 'เซิร์ฟเวอร์กลาง' }).click();
  await clerk.page.getByRole('heading', { name: 'กุญแจสำนักงานสำหรับหนังสือลับ' }).waitFor();
  return clerk.page;
}

test('the admin exports the office key on the first PC and imports it on the second', async () => {
  const { orgId, code } = await createOrg(server, 'สพป.ทดสอบกุญแจ');
  await api(first, 'sync.enrol', { serverUrl: server.url, code, deviceName: 'เครื่องที่ 1' });
  await api(second, 'sync.enrol', { serverUrl: server.url, code: await newCode(server, orgId), deviceName: 'เครื่องที่ 2' });
  const keyId = (await api(first, 'sync.officeKeyStatus', {})).keyId as string;
  expect(keyId).toMatch(/^[0-9a-f]{16}$/);

  // The first PC: it has the key; a short passphrase is refused, a good one gives the file.
  const p1 = await keySection(first);
  await expect.poll(() => p1.getByTestId('office-key-state').innerText()).toContain(`เครื่องนี้มีกุญแจของสำนักงานแล้ว (รหัสกุญแจ ${keyId}`);
  const exportForm = p1.getByRole('form', { name: 'ส่งออกไฟล์กุญแจ' });
  await exportForm.getByLabel('ตั้งรหัสผ่านของไฟล์ (อย่างน้อย 10 ตัวอักษร)').fill('1234');
  await exportForm.getByLabel('พิมพ์รหัสผ่านอีกครั้ง').fill('1234');
  await exportForm.getByRole('button', { name: 'ส่งออกไฟล์กุญแจ' }).click();
  await expect.poll(() => exportForm.getByRole('alert').first().innerText()).toContain('อย่างน้อย 10 ตัวอักษร');
  const passphrase = 'ตู้เหล็กห้องธุรการ 2566';
  await exportForm.getByLabel('ตั้งรหัสผ่านของไฟล์ (อย่างน้อย 10 ตัวอักษร)').fill(passphrase);
  await exportForm.getByLabel('พิมพ์รหัสผ่านอีกครั้ง').fill(passphrase);
  const [download] = await Promise.all([p1.waitForEvent('download'), exportForm.getByRole('button', { name: 'ส่งออกไฟล์กุญแจ' }).click()]);
  expect(download.suggestedFilename()).toBe(`saraban-office-key-${keyId}.json`);
  const keyFile = join(tempDir('saraban-key-'), 'office-key.json');
  await download.saveAs(keyFile);
  expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toMatchObject({ format: 'saraban-office-key', orgId, keyId });
  await p1.screenshot({ path: screenshotPath('office-key-export') });

  // The second PC: the office has a key, this PC has not; a wrong passphrase changes nothing.
  const p2 = await keySection(second);
  await expect.poll(() => p2.getByTestId('office-key-state').innerText()).toContain(`สำนักงานมีกุญแจแล้ว (รหัสกุญแจ ${keyId}) แต่เครื่องนี้ยังไม่มี`);
  const importForm = p2.getByRole('form', { name: 'นำเข้าไฟล์กุญแจ' });
  await p2.locator('#key-import-file').setInputFiles(keyFile);
  await expect.poll(() => importForm.innerText()).toContain('ไฟล์: office-key.json');
  await importForm.getByLabel('รหัสผ่านของไฟล์').fill('ไม่ใช่รหัสผ่านนี้');
  await importForm.getByRole('button', { name: 'นำเข้ากุญแจ' }).click();
  await expect.poll(() => p2.getByRole('alert').filter({ hasText: 'รหัสผ่านของไฟล์กุญแจไม่ถูกต้อง' }).count()).toBeGreaterThan(0);
  expect((await api(second, 'sync.officeKeyStatus', {})).hasKey).toBe(false);
  await p2.screenshot({ path: screenshotPath('office-key-wrong') });

  await importForm.getByLabel('รหัสผ่านของไฟล์').fill(passphrase);
  await importForm.getByRole('button', { name: 'นำเข้ากุญแจ' }).click();
  await expect.poll(() => p2.getByRole('status').filter({ hasText: 'นำเข้ากุญแจของสำนักงานแล้ว' }).count()).toBe(1);
  await expect.poll(() => p2.getByTestId('office-key-state').innerText()).toContain(`(รหัสกุญแจ ${keyId}, นำเข้าจากไฟล์กุญแจ`);
  expect(await api(second, 'sync.officeKeyStatus', {})).toMatchObject({ hasKey: true, keyId, origin: 'imported' });
  // Everything fits the 1366×768 screen's width.
  expect(await p2.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await p2.screenshot({ path: screenshotPath('office-key-imported') });
});
