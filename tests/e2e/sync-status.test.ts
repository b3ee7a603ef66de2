// The clerk connects the PC to the central server from ตั้งค่าระบบ and sees, in the header,
// what has been sent: a real server process (PGlite), the real sync loop, real Chromium.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createOrg, credentialOf, serverEntries, startServer, type ServerProcess } from '../support/server/centralServer.js';
import { api } from './pages/api.js';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser, screenshotPath } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

let browser: Browser;
let app: E2EHost;
let server: ServerProcess;
let clerk: SarabanApp;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer({ databaseUrl: undefined })]);
  app = await startE2EHost({ sync: true });
  clerk = await SarabanApp.open(browser, app);
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
  await server?.stop();
});

test('offline first: entries wait, then the clerk connects and the header shows them sent', async () => {
  const page = clerk.page;
  const status = page.getByTestId('sync-status');
  await expect.poll(() => status.innerText()).toContain('ยังไม่เชื่อมต่อเซิร์ฟเวอร์');

  // Registered while no server is known: numbers are given locally at once.
  for (const subject of ['แจ้งกำหนดการประชุมผู้บริหารสถานศึกษา', 'ส่งรายงานผลการพานักเรียนไปนอกสถานศึกษา']) {
    await api(app, 'entries.create', { kind: 'incoming', from: 'บ้านพุย', to: 'สพป.', docDate: '2023-11-16', subject });
  }

  const { code } = await createOrg(server, 'สพป.เชียงใหม่ เขต 5');
  await (await clerk.settings()).page.getByRole('tab', { name: 'เซิร์ฟเวอร์กลาง' }).click();
  await page.getByLabel('ที่อยู่เซิร์ฟเวอร์').fill(server.url);
  await page.getByLabel('รหัสลงทะเบียนเครื่อง (ใช้ได้ครั้งเดียว)').fill(code);
  await page.getByRole('button', { name: 'เชื่อมต่อ' }).click();
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'เชื่อมต่อกับเซิร์ฟเวอร์' }).count()).toBe(1);

  await page.getByRole('button', { name: 'ส่งข้อมูลตอนนี้' }).first().click();
  await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('ออนไลน์');
  await expect.poll(() => page.getByTestId('sync-pending').innerText(), { timeout: 30_000 }).toBe('0');
  expect(await status.innerText()).not.toContain('ยังไม่เคย');

  const credential = credentialOf(app);
  const onServer = await serverEntries(server.url, credential);
  expect(onServer.map((e) => e.subject).sort()).toEqual(['ส่งรายงานผลการพานักเรียนไปนอกสถานศึกษา', 'แจ้งกำหนดการประชุมผู้บริหารสถานศึกษา'].sort());
  await page.screenshot({ path: screenshotPath('sync-status') });
});
