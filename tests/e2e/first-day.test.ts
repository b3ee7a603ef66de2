// What a clerk meets on day one, in a real browser: empty settings tables that say so, the demo
// loaded and shown, คู่มือ on F1, names kept whole in the list, จาก suggested from the register,
// and a half-typed registration that is neither dropped by Esc nor lost in a crash.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

let browser: Browser;
let app: E2EHost;
let clerk: SarabanApp;
beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost({ now: () => new Date('2023-11-16T15:00:00+07:00') });
  clerk = await SarabanApp.open(browser, app);
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

test('empty settings tables say what is missing', async () => {
  const settings = await clerk.settings();
  await settings.tab('กลุ่มปฏิบัติ');
  await expect.poll(() => clerk.page.getByText('ยังไม่มีกลุ่มปฏิบัติ เพิ่มกลุ่มด้านบน').count()).toBe(1);
  await settings.tab('บุคคลปฏิบัติ');
  await expect.poll(() => clerk.page.getByText('ยังไม่มีบุคคลปฏิบัติ เพิ่มบุคคลด้านบน').count()).toBe(1);
  await settings.tab('โรงเรียน/หน่วยงาน');
  await expect.poll(() => clerk.page.getByText('ยังไม่มีโรงเรียน/หน่วยงาน เพิ่มด้านบน').count()).toBe(1);
});

test('the demo says what it loaded and opens the register on its letters', async () => {
  await clerk.menu('รายการหลัก');
  await clerk.page.getByRole('button', { name: /โหลดข้อมูลตัวอย่าง/ }).click();
  await expect.poll(() => clerk.page.locator('.flash').innerText()).toContain('โหลดข้อมูลตัวอย่างแล้ว');
  expect(await clerk.page.locator('.flash').innerText()).toContain('16 พ.ย. 2566');
  await clerk.page.getByRole('heading', { name: 'ทะเบียนหนังสือรับ', exact: true }).waitFor();
  await expect.poll(() => clerk.page.locator('tbody tr').count()).toBeGreaterThan(5);
});

test('a place name is never split inside a word in the list', async () => {
  const cell = clerk.page.locator('span.word', { hasText: 'บ้านห้วยโด้ง' }).first();
  await cell.waitFor();
  // One box: the word is on one line, whatever the column's width.
  expect(await cell.evaluate((el) => el.getClientRects().length)).toBe(1);
  expect(await cell.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');
});

test('F1 opens คู่มือ from any screen, and it describes the .xlsx import the bulk page does', async () => {
  await clerk.page.locator('body').press('F1');
  await clerk.page.getByRole('heading', { name: 'คู่มือการใช้งาน' }).waitFor();
  const guide = await clerk.page.locator('.guide').innerText();
  expect(guide).toContain('Excel (.xlsx)');
  expect(guide).not.toContain('บันทึกเป็น CSV UTF-8 ก่อน');
});

test('จาก suggests the senders already in the register, the most used first', async () => {
  await clerk.page.goto(`${app.host.url}#/register/incoming/new`);
  await clerk.page.getByLabel('จาก', { exact: true }).fill('บ้าน');
  await expect.poll(() => clerk.page.locator('#f-from-options option').first().getAttribute('value')).toBe('บ้านห่างหลวง');
});

test('Esc asks before dropping a filled form; the half-typed letter survives a crash', async () => {
  const page = clerk.page;
  await page.getByLabel('จาก', { exact: true }).fill('โรงเรียนบ้านพุย');
  await page.getByLabel('เรื่อง', { exact: true }).fill('ขอส่งรายงานที่ยังพิมพ์ไม่จบ');
  await page.getByLabel('เรื่อง', { exact: true }).press('Escape');
  const ask = page.getByRole('alertdialog', { name: 'ยืนยันการปิดฟอร์ม' });
  await ask.waitFor();
  await ask.getByRole('button', { name: 'กลับไปกรอกต่อ' }).click();
  expect(await page.getByLabel('เรื่อง', { exact: true }).inputValue()).toBe('ขอส่งรายงานที่ยังพิมพ์ไม่จบ');

  // The window goes away without saving (a crash, a power cut): the form comes back as typed.
  await page.reload();
  await page.getByLabel('เรื่อง', { exact: true }).waitFor();
  await expect.poll(() => page.getByLabel('เรื่อง', { exact: true }).inputValue()).toBe('ขอส่งรายงานที่ยังพิมพ์ไม่จบ');
  expect(await page.locator('.flash').innerText()).toContain('กู้คืนข้อมูลที่กรอกค้างไว้');
  expect(await page.getByLabel('จาก', { exact: true }).inputValue()).toBe('โรงเรียนบ้านพุย');

  await page.getByRole('button', { name: 'ปิด (Esc)' }).click();
  await page.getByRole('alertdialog', { name: 'ยืนยันการปิดฟอร์ม' }).getByRole('button', { name: 'ทิ้งข้อมูลและปิด' }).click();
  await page.getByRole('heading', { name: 'ทะเบียนหนังสือรับ', exact: true }).waitFor();
  await page.getByRole('link', { name: 'ลงทะเบียนหนังสือรับ' }).click();
  await page.getByLabel('เรื่อง', { exact: true }).waitFor();
  expect(await page.getByLabel('เรื่อง', { exact: true }).inputValue()).toBe('');
  expect(await page.locator('.flash').count()).toBe(0);
  expect(app.core.store.raw<{ n: number }>("SELECT count(*) AS n FROM entries WHERE subject = 'ขอส่งรายงานที่ยังพิมพ์ไม่จบ'")[0]?.n).toBe(0);
});

test('ตั้งค่าระบบ › เลขทะเบียน: numbers without separators, a refusal said once', async () => {
  const settings = await clerk.settings();
  await settings.setNextNumber('ทะเบียนหนังสือรับ', 2566, 100, 'ลองตั้งย้อนหลัง');
  await expect.poll(() => clerk.page.getByText('เลขถัดไปต้องมากกว่า 14534 ซึ่งเป็นเลขที่ใช้ไปแล้ว').count()).toBe(1);
  expect(await settings.nextNo().innerText()).toBe('14535');
  expect(await clerk.page.locator('table', { hasText: 'เลขถัดไป' }).first().innerText()).not.toMatch(/\d,\d{3}/);
});
