// พิมพ์ทะเบียน from the register list: preview inside the app, save a PDF, export Excel, print
// receive stamps; the files come through the browser's download like a clerk's would.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempDir } from '../support/core.js';
import { api, type RowFixture } from './pages/api.js';
import { fixture, SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

const incoming = fixture<{ entries: RowFixture[] }>('incoming-2566.json').entries;
const NOW = new Date('2023-11-16T15:00:00+07:00');
const squash = (s: string): string => s.replace(/\s+/g, '');

let browser: Browser;
let app: E2EHost;
let clerk: SarabanApp;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost({ now: () => NOW });
  await api(app, 'demo.load', {});
  clerk = await SarabanApp.open(browser, app);
  dir = tempDir('saraban-print-e2e-');
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

async function openDialog(page: Page) {
  await page.getByRole('button', { name: 'พิมพ์ทะเบียน' }).click();
  const dialog = page.getByRole('dialog', { name: 'พิมพ์ทะเบียน' });
  await dialog.waitFor();
  return dialog;
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; path: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return { name: d.suggestedFilename(), path };
}

test('preview today\'s incoming register inside the app, then save it as PDF and Excel', async () => {
  await clerk.register('incoming');
  const page = clerk.page;
  const dialog = await openDialog(page);
  await dialog.getByRole('radio', { name: 'วันนี้' }).check();
  expect(await dialog.locator('#pd-from').inputValue()).toBe('16/11/2566');
  await dialog.getByRole('button', { name: 'ดูตัวอย่างก่อนพิมพ์' }).click();

  const frame = dialog.locator('iframe[title="ตัวอย่างก่อนพิมพ์"]');
  await frame.waitFor();
  // The report runs no script and cannot reach the app: sandboxed without allow-scripts.
  expect(await frame.getAttribute('sandbox')).not.toContain('allow-scripts');
  const body = page.frameLocator('iframe[title="ตัวอย่างก่อนพิมพ์"]').locator('body');
  await expect.poll(() => body.innerText()).toContain('ทะเบียนหนังสือรับ');
  const previewText = await body.innerText();
  expect(previewText).toContain('วันที่ 16 พฤศจิกายน 2566');
  for (const row of incoming) expect(squash(previewText)).toContain(squash(row.subject));
  await page.screenshot({ path: join(process.cwd(), 'test-results', 'print-dialog.png') });

  const pdf = await download(page, () => dialog.getByRole('button', { name: 'บันทึกเป็น PDF' }).click());
  expect(pdf.name).toBe('ทะเบียนหนังสือรับ 16 พ.ย. 2566.pdf');
  const text = squash(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf.path, '-'], { encoding: 'utf8' }));
  expect(text).toContain('ทะเบียนหนังสือรับ');
  for (const row of incoming) expect(text).toContain(squash(row.subject));
  expect(await dialog.getByTestId('print-notice').innerText()).toContain('บันทึกไฟล์');

  const xlsx = await download(page, () => dialog.getByRole('button', { name: 'ส่งออก Excel (.xlsx)' }).click());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(xlsx.path) as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
  expect(sheet.name).toBe('ทะเบียนหนังสือรับ');
  expect(sheet.rowCount).toBe(1 + incoming.length);
  expect(sheet.getRow(2).getCell(6).value).toBe(incoming[0]?.subject);

  await dialog.getByRole('button', { name: 'ปิด' }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
});

test('a month of the outgoing register as CSV; a wrong date range is refused in Thai', async () => {
  await clerk.register('outgoing');
  const page = clerk.page;
  const dialog = await openDialog(page);
  expect(await dialog.getByRole('combobox', { name: 'ทะเบียน' }).inputValue()).toBe('outgoing');
  await dialog.getByRole('radio', { name: 'เดือนนี้' }).check();
  const csv = await download(page, () => dialog.getByRole('button', { name: 'ส่งออก CSV' }).click());
  expect(csv.name).toBe('ทะเบียนหนังสือส่ง 1-30 พ.ย. 2566.csv');
  const bytes = readFileSync(csv.path);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('เลขทะเบียนส่ง,ที่,ลงวันที่');

  await dialog.locator('#pd-from').fill('30/11/2566');
  await dialog.locator('#pd-to').fill('1/11/2566');
  await dialog.getByRole('button', { name: 'ส่งออก CSV' }).click();
  await expect.poll(() => dialog.getByRole('alert').innerText()).toBe('วันที่เริ่มต้องไม่หลังวันที่สิ้นสุด');
  await page.keyboard.press('Escape');
});

test('receive stamps for the day\'s incoming letters; the QR code opens the entry', async () => {
  await clerk.register('incoming');
  const page = clerk.page;
  const dialog = await openDialog(page);
  await dialog.getByRole('radio', { name: 'วันนี้' }).check();
  await dialog.getByRole('button', { name: 'ดูตัวอย่างตรารับ' }).click();
  const body = page.frameLocator('iframe[title="ตัวอย่างก่อนพิมพ์"]').locator('body');
  await expect.poll(() => body.locator('.stamp').count()).toBe(incoming.length);
  const first = await body.locator('svg.qr').first().getAttribute('aria-label');
  expect(first).toMatch(/^SRB:[0-9a-f-]{36}$/);
  const found = await api(app, 'entries.findByCode', { code: first ?? '' });
  expect(found.match?.registerNo).toBe(incoming[0]?.registerNo);
  await page.keyboard.press('Escape');
  // A USB scanner types the code into the search box and presses Enter: the entry opens.
  await page.getByLabel('ด้วยคำว่า').fill(first ?? '');
  await page.getByLabel('ด้วยคำว่า').press('Enter');
  await expect.poll(() => page.locator('h1').innerText()).toContain(`รายละเอียด ทะเบียนหนังสือรับ`);
  await expect.poll(() => page.locator('h1').innerText()).toContain(String(incoming[0]?.registerNo));
  // The details of an incoming letter offer its receive stamp.
  await expect.poll(() => page.getByRole('button', { name: 'พิมพ์ตรารับ' }).count()).toBe(1);
});
