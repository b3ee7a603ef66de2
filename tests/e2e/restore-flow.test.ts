// Issue 14 in the browser: an admin restores an older backup through สำรองข้อมูล. The dialog
// says in Thai what leaves the register and that numbers continue; after it, รายการหลัก lists
// the lost letter (its number was written on paper) to bring back with its number, the next
// letter gets the next number, and the audit screen says what happened in Thai. A broken
// audit trail found by the automatic check shows a red notice until an admin acknowledges it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runBackup } from '../../src-main/backup/backups.js';
import { createEntry } from '../../src-main/registers/entries.js';
import { entryFields } from '../../src-shared/schemas.js';
import { incoming } from '../support/entries.js';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser } from './support/browser.js';
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

test('a restore is confirmed in Thai, the lost letter is listed and brought back with its number', async () => {
  const ctx = () => app.core.writeContext();
  for (const s of ['หนังสือที่ 1', 'หนังสือที่ 2']) createEntry(ctx(), entryFields.parse(incoming(s)));
  await runBackup(app.core, 'manual');
  createEntry(ctx(), entryFields.parse(incoming('หนังสือที่ 3 ที่เขียนเลขบนกระดาษแล้ว')));

  const ui = await SarabanApp.open(browser, app);
  const settings = await ui.settings();
  await settings.tab('สำรองข้อมูล');
  const page = ui.page;
  await page.getByRole('button', { name: 'ดูข้อมูลในชุดนี้' }).first().click();
  await page.getByRole('button', { name: 'กู้คืนจากชุดนี้…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const text = await dialog.innerText();
  expect(text).toContain('ทะเบียนหนังสือรับ 1 รายการ (เลขที่ 3/2566)');
  expect(text).toContain('เลขทะเบียนจะต่อจากเลขสูงสุดที่เคยออกไปแล้ว');
  expect(text).toContain('ทะเบียนหนังสือรับ ปี 2566: เลขถัดไป 4');
  // Esc leaves without restoring.
  await page.keyboard.press('Escape');
  expect(await page.getByRole('dialog').count()).toBe(0);
  await page.getByRole('button', { name: 'กู้คืนจากชุดนี้…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'ยืนยันกู้คืน' }).click();
  await page.getByRole('status').filter({ hasText: 'กู้คืนเรียบร้อยแล้ว' }).waitFor();
  expect(await page.getByRole('status').filter({ hasText: 'กู้คืนเรียบร้อยแล้ว' }).innerText()).toContain('รายการที่หายไป 1 รายการ');

  // รายการหลัก lists the lost letter with what is known; the clerk brings it back.
  await ui.menu('รายการหลัก');
  const losses = page.getByRole('region', { name: 'รายการที่หายไปจากการกู้คืนข้อมูล' });
  await losses.waitFor();
  expect(await losses.innerText()).toContain('หนังสือที่ 3 ที่เขียนเลขบนกระดาษแล้ว');
  await losses.getByRole('button', { name: 'นำกลับมา เลขที่ 3/2566' }).click();
  await losses.waitFor({ state: 'detached' });
  const subjects = app.core.store.raw<{ register_no: number; subject: string }>('SELECT register_no, subject FROM entries ORDER BY register_no');
  expect(subjects.map((r) => r.register_no)).toEqual([1, 2, 3]);
  expect(createEntry(ctx(), entryFields.parse(incoming('หลังกู้คืน'))).registerNo).toBe(4);

  // The audit screen says it in Thai: the restore, the number continuing, the letter brought back.
  await ui.settings();
  await settings.tab('บันทึกการใช้งาน');
  const audit = page.getByRole('table', { name: 'บันทึกการใช้งาน' });
  await audit.getByText('นำรายการที่หายจากการกู้คืนกลับมา').first().waitFor();
  const auditText = await audit.innerText();
  expect(auditText).toContain('นำรายการที่หายจากการกู้คืนกลับมา');
  expect(auditText).toContain('ทะเบียนหนังสือรับ เลขที่ 3/2566');
  expect(auditText).toContain('กู้คืนข้อมูล');
  expect(auditText).not.toMatch(/[{}]/);
});

test('a broken audit trail found by the automatic check shows a red notice on รายการหลัก until acknowledged', async () => {
  // What the check at start records when a witness disagrees (auditWitnessCheck.ts).
  app.core.store.setMeta('audit_check', JSON.stringify({ at: '2023-11-16T09:00:00+07:00', ok: false, firstBreak: { seq: 2, reason: 'เหตุการณ์ลำดับที่ 2 ไม่ตรงกับที่บันทึกไว้ในชุดสำรอง' } }));
  const ui = await SarabanApp.open(browser, app);
  const notice = ui.page.getByRole('alert', { name: 'บันทึกการใช้งานไม่ถูกต้อง' });
  await notice.waitFor();
  expect(await notice.innerText()).toContain('เหตุการณ์ลำดับที่ 2');
  await notice.getByRole('button', { name: 'รับทราบ' }).click();
  await notice.waitFor({ state: 'detached' });
  const last = app.core.store.raw<{ action: string }>('SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1')[0];
  expect(last?.action).toBe('audit.acknowledge');
  await ui.page.reload();
  await ui.page.locator('header').waitFor();
  await ui.page.getByRole('heading', { name: 'รายการหลัก' }).waitFor();
  expect(await ui.page.getByRole('alert', { name: 'บันทึกการใช้งานไม่ถูกต้อง' }).count()).toBe(0);
});
