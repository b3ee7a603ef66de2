// The clerk attaches a scanned PDF, a photo and a spreadsheet while registering, sees the paper
// clip in the register, opens the PDF inside the app, replaces it, and finds the first scan in
// the history. Real host, real register, real files made here, Debian Chromium.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempDir } from '../support/tempDirs.js';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';
import { jpegBytes, pdfBytes, xlsxBytes } from '../integration/attachments-files.js';

const NOW = new Date('2023-11-16T09:30:00+07:00');
let browser: Browser;
let app: E2EHost;
let clerk: SarabanApp;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost({ now: () => NOW });
  clerk = await SarabanApp.open(browser, app);
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

/**
 * Clicks a button that opens a file in the app's viewer; returns the bytes the app received
 * (the strict CSP keeps even the test from fetching the blob: URL back) and the frame's address.
 */
async function openInViewer(page: Page, button: string): Promise<{ frameSrc: string; text: string }> {
  const response = page.waitForResponse((r) => r.url().endsWith('/api/attachments.read'));
  await page.getByRole('button', { name: button }).click();
  const body = (await (await response).json()) as { ok: boolean; value: { base64: string } };
  expect(body.ok).toBe(true);
  await page.getByTestId('attachment-pdf').waitFor();
  const frameSrc = (await page.getByTestId('attachment-pdf').getAttribute('src')) ?? '';
  return { frameSrc, text: Buffer.from(body.value.base64, 'base64').toString('latin1') };
}

let registerNo = '';

test('registers an incoming letter with three files: PDF, JPG and XLSX, described and reordered', async () => {
  const list = await clerk.register('incoming');
  const form = await list.openForm();
  await form.field('จาก').fill('ศาลากลางจังหวัดเชียงใหม่');
  await form.field('ถึง').fill('สพป.เชียงใหม่ เขต 3');
  const page = clerk.page;
  await page.getByTestId('attachments-input').setInputFiles([
    { name: 'หนังสือต้นฉบับ.pdf', mimeType: 'application/pdf', buffer: pdfBytes('original scan') },
    { name: 'ภาพถ่าย.jpg', mimeType: 'image/jpeg', buffer: jpegBytes() },
    { name: 'รายชื่อโรงเรียน.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsxBytes() },
  ]);
  const rows = page.getByTestId('attachment-row');
  await expect.poll(() => rows.count()).toBe(3);
  // Each upload finishes and shows its size and type as checked by the core.
  await expect.poll(() => page.locator('table.attachments-table').innerText()).not.toContain('กำลังอัปโหลด');
  await expect.poll(() => rows.nth(2).innerText()).toContain('Excel');
  expect(await rows.nth(0).innerText()).toContain('PDF');
  // The spreadsheet goes second: one step up.
  await page.getByRole('button', { name: 'เลื่อนไฟล์ รายชื่อโรงเรียน.xlsx ขึ้น' }).click();
  await expect.poll(() => rows.nth(1).innerText()).toContain('รายชื่อโรงเรียน.xlsx');
  // A fourth file dragged onto the form, then removed before saving.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b])], 'ลากมา.gif', { type: 'image/gif' }));
    document.querySelector('[data-testid="attachments-drop"]')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect.poll(() => rows.count()).toBe(4);
  await expect.poll(() => rows.nth(3).innerText()).toContain('GIF');
  await page.getByRole('button', { name: 'เอาไฟล์ ลากมา.gif ออก' }).click();
  await expect.poll(() => rows.count()).toBe(3);
  await page.getByLabel('คำอธิบายไฟล์ 1').fill('หนังสือจากจังหวัด');
  await page.getByLabel('คำอธิบายไฟล์ 2').fill('รายชื่อแนบท้าย');
  // A renamed program is refused in Thai and not added.
  await page.getByTestId('attachments-input').setInputFiles([{ name: 'ประกาศ.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a pdf', 'latin1') }]);
  await expect.poll(() => page.locator('.attachment-errors').innerText()).toContain('ไฟล์โปรแกรม');
  expect(await rows.count()).toBe(3);

  registerNo = await form.fillAndSave({ เรื่อง: 'ขอเชิญประชุมผู้บริหารสถานศึกษา' });
  expect(registerNo).toBe('1');
  // The form is ready for the next letter, without the files.
  await expect.poll(() => rows.count()).toBe(0);
  await clerk.screenshot('attachments-form');
});

test('the register shows the paper clip; the details open the PDF inside the app', async () => {
  const list = await clerk.register('incoming');
  await expect.poll(() => list.row(registerNo).getByTestId('attachment-icon').getAttribute('aria-label')).toBe('มีไฟล์แนบ 3 ไฟล์');
  const details = await list.openDetails(registerNo);
  const page = details.page;
  const current = page.getByTestId('attachment-current');
  await expect.poll(() => current.count()).toBe(3);
  expect((await current.allInnerTexts()).map((t) => t.split('\t')[1])).toEqual(['หนังสือต้นฉบับ.pdf', 'รายชื่อโรงเรียน.xlsx', 'ภาพถ่าย.jpg']);
  expect(await current.nth(0).innerText()).toContain('หนังสือจากจังหวัด');
  const shown = await openInViewer(page, 'เปิดดู หนังสือต้นฉบับ.pdf');
  expect(shown.frameSrc.startsWith('blob:')).toBe(true);
  expect(shown.text.startsWith('%PDF-')).toBe(true);
  expect(shown.text).toContain('original scan');
  expect(await page.getByRole('region', { name: 'ดูไฟล์ หนังสือต้นฉบับ.pdf' }).count()).toBe(1);
  // Spreadsheets open with the system's program through a copy (in the browser host: saved as a copy).
  await page.getByRole('button', { name: 'เปิดด้วยโปรแกรมในเครื่อง รายชื่อโรงเรียน.xlsx' }).click();
  await expect.poll(() => page.locator('.attachment-list [role="status"]').innerText()).toContain('บันทึกสำเนาของ "รายชื่อโรงเรียน.xlsx" ไว้ที่');
  await clerk.screenshot('attachments-details');
});

test('replacing the PDF is a new version; the first scan stays in the history and still opens', async () => {
  const page = clerk.page;
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'แทนที่ หนังสือต้นฉบับ.pdf' }).click();
  await (await chooser).setFiles([{ name: 'หนังสือฉบับแก้ไข.pdf', mimeType: 'application/pdf', buffer: pdfBytes('corrected scan') }]);
  await expect.poll(() => page.getByTestId('attachment-current').nth(0).innerText()).toContain('หนังสือฉบับแก้ไข.pdf');
  // The version history says what changed.
  const history = page.locator('table.history');
  await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
  const change = await history.locator('tbody tr').nth(1).innerText();
  expect(change).toContain('ไฟล์แนบ');
  expect(change).toContain('หนังสือต้นฉบับ.pdf');
  expect(change).toContain('หนังสือฉบับแก้ไข.pdf');
  // The replaced file is listed with the versions it belonged to, and opens.
  const old = page.getByTestId('attachment-old');
  await expect.poll(() => old.count()).toBe(1);
  expect(await old.innerText()).toContain('หนังสือต้นฉบับ.pdf');
  const first = await openInViewer(page, 'เปิดดูไฟล์เดิม หนังสือต้นฉบับ.pdf');
  expect(first.text).toContain('original scan');
  expect(first.frameSrc.startsWith('blob:')).toBe(true);
  // The list still shows three files.
  const list = await clerk.register('incoming');
  await expect.poll(() => list.row(registerNo).getByTestId('attachment-icon').getAttribute('aria-label')).toBe('มีไฟล์แนบ 3 ไฟล์');
  await clerk.screenshot('attachments-history');
});

test('the admin sets the scan folder; the clerk attaches a scanned file from the tray in one click; the check finds every file whole', async () => {
  const scans = tempDir('saraban-scans-');
  writeFileSync(join(scans, 'SCAN_0007.pdf'), pdfBytes('from the office scanner'));
  const page = clerk.page;
  const settings = await clerk.settings();
  await settings.tab('ไฟล์แนบ');
  await page.getByLabel('โฟลเดอร์เครื่องสแกน').fill(scans);
  await page.getByRole('button', { name: 'บันทึกการตั้งค่าไฟล์แนบ' }).click();
  await expect.poll(() => page.getByText('บันทึกการตั้งค่าไฟล์แนบแล้ว').count()).toBe(1);

  const list = await clerk.register('incoming');
  const form = await list.openForm();
  await form.field('จาก').fill('บ้านพุย');
  await form.field('ถึง').fill('สพป.เชียงใหม่ เขต 3');
  await page.getByRole('button', { name: 'ไฟล์จากเครื่องสแกน' }).click();
  await page.getByRole('button', { name: 'แนบ SCAN_0007.pdf' }).click();
  await expect.poll(() => page.getByTestId('attachment-row').count()).toBe(1);
  expect(await page.getByTestId('attachment-row').innerText()).toContain('SCAN_0007.pdf');
  const no = await form.fillAndSave({ เรื่อง: 'รายงานผลการดำเนินงาน' });
  const again = await clerk.register('incoming');
  await expect.poll(() => again.row(no).getByTestId('attachment-icon').getAttribute('aria-label')).toBe('มีไฟล์แนบ 1 ไฟล์');

  const s2 = await clerk.settings();
  await s2.tab('ไฟล์แนบ');
  await page.getByRole('button', { name: 'ตรวจสอบไฟล์แนบทั้งหมด' }).click();
  // Every stored file: the first letter's two PDFs, JPG and XLSX, and this scan.
  await expect.poll(() => page.getByTestId('attachments-verify').innerText()).toContain('ตรวจแล้ว 5 ไฟล์ · ปกติ 5 · หาย 0 · เสียหาย 0');
  await clerk.screenshot('attachments-settings');
});
