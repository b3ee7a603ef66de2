// The register found damaged while the clerk is typing (src-main/app.ts: the background check,
// or SQLITE_CORRUPT met by a call) never swaps the screen away silently: a Thai notice says what
// happened over the form the clerk is filling, the typed text stays on screen, and after the
// restore from the recovery screen the half-typed registration comes back as its draft.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from './pages/api.js';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser, loginThroughForm } from './support/browser.js';
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

/**
 * Overwrites the root page of the register list's index in the live file with garbage. A checkpoint
 * first puts every page in the file; a harmless commit by a second connection afterwards makes
 * the app's connection drop its page cache, so its next write reads the damaged page from disk.
 */
function damageLiveIndex(file: string): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND name = 'entries_list'").get() as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (rootpage - 1) * pageSize);
  closeSync(fd);
  db.prepare("UPDATE meta SET value = value WHERE key = 'device_id'").run();
  db.close();
}

test('damage found while the clerk types: a Thai notice over the form, the text kept, the draft back after the restore', async () => {
  for (let i = 1; i <= 3; i++) {
    await api(app, 'entries.create', { kind: 'incoming', from: 'โรงเรียนบ้านพุย', to: 'สพป.', docNo: `ศธ 04051.1/${i}`, docDate: '2023-11-16', subject: `หนังสือก่อนสำรอง ${i}` });
  }
  await api(app, 'backup.run', {});
  expect(await app.runtime.integrity()).toEqual({ state: 'ok' });

  const clerk = await SarabanApp.open(browser, app);
  const page = clerk.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  const form = await (await clerk.register('incoming')).openForm();
  const k = page.keyboard;
  await k.type('โรงเรียนบ้านห้วยโด้ง'); // จาก has the focus when the form opens
  await k.press('Tab');
  await k.press('Tab');
  await k.type('ศธ 04051.1/77');
  await k.press('Tab');
  await k.type('16/11/2566');
  await k.press('Tab');
  await k.type('สพป.');
  await k.press('Tab');
  await k.type('ขอส่งรายงานผลการดำเนินงานที่พิมพ์ค้างไว้');

  damageLiveIndex(join(app.runtime.dataDir(), 'register.sqlite'));
  await k.press('Enter');

  const notice = page.getByRole('alert').filter({ hasText: 'ตรวจพบว่าฐานข้อมูลทะเบียนเสียหาย' });
  await notice.waitFor();
  expect(await notice.innerText()).toContain('รายการที่กำลังกรอกอยู่ยังไม่ได้บันทึกลงทะเบียน');
  expect(app.runtime.mode()).toBe('recovery');
  // The clerk's screen stays under the notice, with what they typed, and it is not registered.
  expect(await form.field('เรื่อง').inputValue()).toBe('ขอส่งรายงานผลการดำเนินงานที่พิมพ์ค้างไว้');
  expect(await page.getByTestId('saved-number').count()).toBe(0);
  const box = await notice.getByRole('button', { name: 'ไปหน้ากู้คืนข้อมูล' }).boundingBox();
  expect(box && box.y + box.height).toBeLessThanOrEqual(768);

  await notice.getByRole('button', { name: 'ไปหน้ากู้คืนข้อมูล' }).click();
  await page.getByRole('heading', { name: 'ฐานข้อมูลทะเบียนเสียหาย' }).waitFor();
  await page.getByRole('button', { name: 'กู้คืนจากชุดสำรองนี้' }).click();
  await page.getByRole('button', { name: 'เปิดโปรแกรม' }).click();
  await page.getByRole('form', { name: 'เข้าสู่ระบบ' }).waitFor();
  await loginThroughForm(page);
  const again = await (await clerk.register('incoming')).openForm();
  await expect.poll(() => again.field('เรื่อง').inputValue()).toBe('ขอส่งรายงานผลการดำเนินงานที่พิมพ์ค้างไว้');
  expect(await again.field('จาก').inputValue()).toBe('โรงเรียนบ้านห้วยโด้ง');
  expect(await page.locator('.flash').innerText()).toContain('กู้คืนข้อมูลที่กรอกค้างไว้');
});
