// A damaged register in the browser: the recovery screen (never an empty register), a restore
// of the newest good backup, then the login and the register as it was backed up.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from './pages/api.js';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser, loginThroughForm, openPage } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

let browser: Browser;
let app: E2EHost;
beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost({ now: () => new Date('2023-11-16T10:00:00+07:00') });
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

test('a corrupted register file shows the recovery screen; the newest backup brings the register back', async () => {
  for (let i = 1; i <= 3; i++) {
    await api(app, 'entries.create', { kind: 'incoming', from: 'โรงเรียนบ้านพุย', to: 'สพป.', docNo: `ศธ 04051.1/${i}`, docDate: '2023-11-16', subject: `หนังสือก่อนสำรอง ${i}` });
  }
  await api(app, 'backup.run', {});
  await app.stop();
  const fd = openSync(join(app.dataDir, 'register.sqlite'), 'r+');
  writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
  closeSync(fd);
  await app.restart();

  const page = await openPage(browser, app.url, { login: null });
  await page.getByRole('heading', { name: 'ฐานข้อมูลทะเบียนเสียหาย' }).waitFor();
  // Not the app on an empty register: no menu, no login.
  expect(await page.getByRole('navigation', { name: 'เมนูหลัก' }).count()).toBe(0);
  const region = page.getByRole('region', { name: 'กู้คืนข้อมูล' });
  await expect.poll(() => region.innerText()).toContain('ทะเบียนหนังสือรับ: 3 รายการ');
  await page.getByRole('button', { name: 'กู้คืนจากชุดสำรองนี้' }).click();
  await page.getByRole('button', { name: 'เปิดโปรแกรม' }).click();
  await page.getByRole('form', { name: 'เข้าสู่ระบบ' }).waitFor();
  await loginThroughForm(page);
  const clerk = new SarabanApp(page);
  const list = await clerk.register('incoming');
  await list.waitFor('ทั้งหมด 3 รายการ');
  expect(await list.numbers()).toEqual([3, 2, 1]);
  await page.close();
});
