// Issue 13 in a real browser at 1366x768: the admin switches from AMSS++ under ตั้งค่าระบบ ›
// นำเข้าข้อมูล. Picks the fixture dump, types the AMSS++ folder and presses Enter, reads the
// preview (counts, missing and duplicate numbers, the problem rows; nothing written yet),
// confirms, sees the progress and the result, and finds an imported letter by Thai search in
// the register. A clerk has no way to the panel, by the menu or by typing its address.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createUserDirect } from '../../src-main/users/users.js';
import { ImportScreen } from './pages/ImportScreen.js';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser, openPage } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

const FIXTURE = join(process.cwd(), 'tests', 'fixtures', 'amss');
const CLERK = { username: 'clerk-import', password: 'clerk-password-1' };

let browser: Browser;
let app: E2EHost;
beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost({ now: () => new Date('2024-06-14T10:00:00+07:00') });
  await createUserDirect(app.core, { username: CLERK.username, displayName: 'นายเสมียน ลงรับ', role: 'clerk', canSeeSecret: false, password: CLERK.password });
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

const count = (sql: string): number => app.core.store.raw<{ n: number }>(sql)[0]?.n ?? -1;

/** Nothing on the screen is wider than the 1366-pixel screen (no sideways scrolling). */
const overflow = (admin: SarabanApp): Promise<number> => admin.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('the admin previews the AMSS++ dump, confirms, sees progress and the result, and finds an imported letter by Thai search', async () => {
  const admin = await SarabanApp.open(browser, app);
  await admin.page.setViewportSize({ width: 1366, height: 768 });
  const screen = await ImportScreen.open(await admin.settings());

  // Checking without a file says what is missing, in Thai, and puts the focus on the file.
  await screen.panel().getByRole('button', { name: 'ตรวจไฟล์ (ยังไม่บันทึก)' }).click();
  await expect.poll(() => screen.error().innerText()).toBe('กรุณาเลือกไฟล์สำรองข้อมูลของ AMSS++');
  expect(await admin.page.evaluate(() => document.activeElement?.id)).toBe('import-dump-choose');

  await screen.chooseDump(join(FIXTURE, 'amss-2567.sql'));
  expect(await screen.panel().innerText()).toContain('ไฟล์: amss-2567.sql');
  await screen.checkWithFolder(join(FIXTURE, 'files'));
  const preview = screen.preview();
  await preview.waitFor({ timeout: 30_000 });
  expect(await preview.innerText()).toContain('amss-2567.sql: รวม 16 รายการ — จะนำเข้า 16, นำเข้าไว้แล้ว 0');
  // Per register and year: rows, the number range, the missing number 4, number 6 given twice.
  const incoming = await screen.bookRow('ทะเบียนหนังสือรับ', 2567);
  expect(incoming.slice(2)).toEqual(['7', '1–7', '1 (4)', '6', '4/1/1', '8']);
  expect(await screen.bookRow('ทะเบียนหนังสือส่ง', 2567)).toContain('5 (ว 5)');
  // The problem rows and what will be done with each, one click away.
  await preview.getByText(/^ข้อสังเกตรายแถว/).click();
  const problems = await preview.locator('.import-problems li').allInnerTexts();
  expect(problems).toContain('ทะเบียนหนังสือรับ 2567 เลข 2 (bookregister_receive ms_id 4): วันที่หนังสือเป็น 0000-00-00 (ไม่มีวันที่): นำเข้าเป็นค่าว่าง');
  expect(problems.some((p) => p.includes('ไม่พบไฟล์ 1717000500x1_1.pdf'))).toBe(true);
  expect(await overflow(admin)).toBeLessThanOrEqual(0);
  await admin.screenshot('import-preview');
  // The preview wrote nothing.
  expect(count('SELECT count(*) AS n FROM entries')).toBe(0);
  expect(count('SELECT count(*) AS n FROM import_runs')).toBe(0);

  const progress = await screen.recordProgress();
  await screen.confirmButton().focus();
  await admin.page.keyboard.press('Enter');
  const result = screen.result();
  await expect.poll(() => result.innerText().catch(() => ''), { timeout: 30_000 }).toContain('นำเข้าแล้ว 16 รายการ');
  expect((await progress()).some((t) => t.startsWith('กำลังนำเข้า'))).toBe(true);
  const books = await result.locator('li').allInnerTexts();
  expect(books).toContain('ทะเบียนหนังสือรับ ปี 2567: นำเข้า 7 รายการ ไฟล์ 4 เลขถัดไป 8');
  expect(books).toContain('ทะเบียนหนังสือส่ง ปี 2567: นำเข้า 4 รายการ ไฟล์ 1 เลขถัดไป 5 เลข ว ถัดไป 5');
  expect(await screen.confirmButton().count()).toBe(0);
  await admin.screenshot('import-result');
  expect(count('SELECT count(*) AS n FROM entries')).toBe(16);

  // The imported letter is in the register like any other, found by a Thai word of its subject.
  const list = await admin.register('incoming');
  await list.search('เรื่อง', 'คณะกรรมการ');
  await list.waitFor('ทั้งหมด 1 รายการ');
  expect(await list.numbers()).toEqual([2]);
  expect(await list.row(2).innerText()).toContain('ประชุมคณะกรรมการ จังหวัด');
});

test('a clerk has no way to the import panel, by the menu or by typing its address', async () => {
  const page = await openPage(browser, app.url, { login: CLERK });
  await page.setViewportSize({ width: 1366, height: 768 });
  expect(await page.getByRole('navigation', { name: 'เมนูหลัก' }).innerText()).not.toContain('ตั้งค่าระบบ');
  await page.evaluate(() => (location.hash = '#/settings'));
  await expect.poll(() => page.getByRole('alert').innerText().catch(() => '')).toContain('เฉพาะผู้ดูแลระบบ');
  expect(await page.getByRole('tab', { name: 'นำเข้าข้อมูล' }).count()).toBe(0);
  expect(await page.getByRole('region', { name: 'นำเข้าข้อมูล' }).count()).toBe(0);
});
