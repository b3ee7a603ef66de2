// Users in a real browser against a real host: the first start creates the admin, who logs in,
// creates a clerk and a viewer; the clerk registers a letter, the viewer cannot, all log out.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser, loginThroughForm, openPage } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

let browser: Browser;
let app: E2EHost;
beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost({ firstStart: true, now: () => new Date('2023-11-16T10:00:00+07:00') });
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'ออกจากระบบ' }).click();
  await page.getByRole('form', { name: 'เข้าสู่ระบบ' }).waitFor();
}

/** What the core answers this tab (its own session) when it asks to register. */
function tryRegister(page: Page): Promise<{ ok: boolean; code?: string }> {
  return page.evaluate(async () => {
    const res = await fetch('./api/entries.create', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-saraban-token': sessionStorage.getItem('saraban.token') ?? '',
        'x-saraban-session': sessionStorage.getItem('saraban.session') ?? '',
      },
      body: JSON.stringify({ kind: 'incoming', from: 'x', to: 'y', docNo: '1', docDate: '2023-11-16', subject: 'ผู้ดูลงทะเบียน' }),
    });
    const r = (await res.json()) as { ok: boolean; error?: { code: string } };
    return r.ok ? { ok: true } : { ok: false, code: r.error?.code ?? '' };
  });
}

test('first start creates the admin, who creates a clerk and a viewer; the clerk registers, the viewer cannot', async () => {
  // First start: no users yet, so the app asks for the office's admin account.
  const page = await openPage(browser, app.url, { login: null });
  const setup = page.getByRole('form', { name: 'สร้างบัญชีผู้ดูแลระบบ' });
  await setup.waitFor();
  await setup.getByLabel('ชื่อผู้ใช้', { exact: true }).fill('somchai');
  await setup.getByLabel('ชื่อ-สกุล', { exact: true }).fill('นายสมชาย ผู้ดูแล');
  // The rule is shown before the first try, and the password is typed twice.
  expect(await setup.innerText()).toContain('อย่างน้อย 8 ตัวอักษร');
  await setup.getByLabel('รหัสผ่าน', { exact: true }).fill('admin-secret-1');
  await setup.getByLabel('ยืนยันรหัสผ่าน', { exact: true }).fill('admin-secret-l');
  await setup.getByRole('button').click();
  await expect.poll(() => setup.innerText()).toContain('รหัสผ่านทั้งสองช่องไม่ตรงกัน');
  expect(app.core.store.raw<{ n: number }>('SELECT count(*) AS n FROM users')[0]?.n).toBe(0);
  await setup.getByLabel('ยืนยันรหัสผ่าน', { exact: true }).fill('admin-secret-1');
  await setup.getByRole('button').click();
  await expect.poll(() => page.locator('header').innerText()).toContain('นายสมชาย ผู้ดูแล');
  expect(await page.locator('header').innerText()).toContain('ออกจากระบบ');

  // Then the office's set-up: the placeholder prefix is refused, groups and people pasted,
  // the outgoing register continues from its paper book.
  await page.getByRole('heading', { name: 'เริ่มใช้งาน: ตั้งค่าหน่วยงาน' }).waitFor();
  const officeForm = page.getByRole('form', { name: 'ข้อมูลหน่วยงาน' });
  await officeForm.getByLabel('ชื่อหน่วยงาน', { exact: true }).fill('สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5');
  await officeForm.getByLabel('ชื่อย่อ', { exact: true }).fill('สพป.เชียงใหม่ เขต 5');
  await officeForm.getByLabel('รหัสหนังสือ', { exact: true }).fill('ศธ');
  await officeForm.getByRole('button', { name: 'บันทึกและไปขั้นต่อไป' }).click();
  await expect.poll(() => officeForm.innerText()).toContain('กรุณากรอกรหัสหนังสือของหน่วยงาน');
  await officeForm.getByLabel('รหัสหนังสือ', { exact: true }).fill('ศธ04051');
  await officeForm.getByRole('button', { name: 'บันทึกและไปขั้นต่อไป' }).click();
  await page.getByLabel('กลุ่มงานและบุคลากร', { exact: true }).fill('กลุ่มอำนวยการ, นางสาวศิริพรรณ ใจดี\nกลุ่มบริหารงานบุคคล, นายสมชาย รักงาน\nกลุ่มบริหารงานบุคคล');
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'จะเพิ่ม' }).innerText()).toBe('จะเพิ่ม 2 กลุ่ม 2 คน');
  expect(await page.getByRole('button', { name: 'เลือกไฟล์รายชื่อ (.xlsx หรือ CSV)' }).count()).toBe(1);
  await page.getByRole('button', { name: 'บันทึกและไปขั้นต่อไป' }).click();
  const numbersForm = page.getByRole('form', { name: 'เลขทะเบียนต่อจากเดิม' });
  await numbersForm.getByLabel('ทะเบียนหนังสือส่ง', { exact: true }).fill('3959');
  await numbersForm.getByRole('button', { name: 'เสร็จสิ้น' }).click();
  await expect.poll(() => page.locator('.flash').innerText()).toContain('ตั้งค่าหน่วยงานเสร็จแล้ว');
  expect(app.core.store.raw<{ name: string }>('SELECT name FROM groups ORDER BY id').map((g) => g.name)).toEqual(['กลุ่มอำนวยการ', 'กลุ่มบริหารงานบุคคล']);
  expect(app.core.store.raw<{ n: number }>('SELECT count(*) AS n FROM people')[0]?.n).toBe(2);
  expect(app.core.store.raw<{ next_no: number }>("SELECT next_no FROM books WHERE kind = 'outgoing'")[0]?.next_no).toBe(3959);
  expect(JSON.parse(app.core.store.getMeta('office') ?? '{}')).toMatchObject({ documentPrefix: 'ศธ04051', shortName: 'สพป.เชียงใหม่ เขต 5' });

  // The admin creates a clerk and a viewer in ตั้งค่าระบบ › ผู้ใช้งาน.
  const admin = new SarabanApp(page);
  const settings = await admin.settings();
  await settings.tab('ผู้ใช้งาน');
  const addUser = async (username: string, name: string, role: string, password: string) => {
    const form = page.getByRole('form', { name: 'เพิ่มผู้ใช้' });
    await form.getByLabel('ชื่อผู้ใช้', { exact: true }).fill(username);
    await form.getByLabel('ชื่อ-สกุล', { exact: true }).fill(name);
    await form.getByLabel('บทบาท', { exact: true }).selectOption({ label: role });
    await form.getByLabel('รหัสผ่าน', { exact: true }).fill(password);
    await form.getByRole('button', { name: 'บันทึกผู้ใช้' }).click();
    await page.locator(`tr[data-username="${username}"]`).waitFor();
  };
  await addUser('somsri', 'นางสาวสมศรี สารบรรณ', 'เจ้าหน้าที่สารบรรณ', 'clerk-pass-2566');
  await addUser('viewer', 'นายดู อย่างเดียว', 'ผู้ดูอย่างเดียว', 'viewer-pass-2566');
  expect(await page.locator('tr[data-username="somsri"]').innerText()).toContain('เจ้าหน้าที่สารบรรณ');
  await logout(page);

  // The clerk logs in and registers an incoming letter under their own name.
  await loginThroughForm(page, { username: 'somsri', password: 'clerk-pass-2566' });
  await expect.poll(() => page.locator('header').innerText()).toContain('นางสาวสมศรี สารบรรณ');
  // Not the admin's ตั้งค่าระบบ: a new user starts on รายการหลัก.
  await page.getByRole('heading', { name: 'รายการหลัก' }).waitFor();
  const clerk = new SarabanApp(page);
  expect(await page.getByRole('navigation', { name: 'เมนูหลัก' }).innerText()).not.toContain('ตั้งค่าระบบ');
  const list = await clerk.register('incoming');
  const form = await list.openForm();
  const number = await form.fillAndSave({ จาก: 'โรงเรียนบ้านพุย', ถึง: 'สพป.เชียงใหม่ เขต 5', เลขที่หนังสือ: 'ศธ 04051.1/77', เรื่อง: 'ขอส่งรายงานผลการเรียน' });
  expect(number).toContain('1');
  const [entry] = (await app.core.store.raw<{ subject: string; updated_by: string }>('SELECT subject, updated_by FROM entries'));
  expect(entry).toEqual({ subject: 'ขอส่งรายงานผลการเรียน', updated_by: 'นางสาวสมศรี สารบรรณ' });
  await logout(page);

  // The viewer reads the register but has no register button, and the core refuses them.
  await loginThroughForm(page, { username: 'viewer', password: 'viewer-pass-2566' });
  await page.getByRole('heading', { name: 'รายการหลัก' }).waitFor();
  const viewer = new SarabanApp(page);
  const vlist = await viewer.register('incoming');
  await vlist.waitFor('ทั้งหมด 1 รายการ');
  expect(await page.locator('table').first().innerText()).toContain('ขอส่งรายงานผลการเรียน');
  expect(await page.getByRole('link', { name: 'ลงทะเบียนหนังสือรับ' }).count()).toBe(0);
  expect(await tryRegister(page)).toEqual({ ok: false, code: 'forbidden' });
  await logout(page);
  // Logged out: the same tab's session is gone in the core too.
  expect(await tryRegister(page)).toEqual({ ok: false, code: 'unauthenticated' });
  expect(app.core.store.raw<{ n: number }>('SELECT count(*) AS n FROM entries')[0]?.n).toBe(1);

  // A wrong password is refused with a Thai message, and shows in the audit trail.
  await page.getByLabel('ชื่อผู้ใช้', { exact: true }).fill('somsri');
  await page.getByLabel('รหัสผ่าน', { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
  const actions = app.core.store.raw<{ action: string }>('SELECT action FROM audit_events ORDER BY seq').map((r) => r.action);
  expect(actions).toEqual(expect.arrayContaining(['user.create', 'login', 'entry.create', 'logout', 'login.failed']));
  await page.close();
});
