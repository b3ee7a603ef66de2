// The outgoing register, orders, certificates (one and a block of 50), a reply linked to the
// letter it answers, and the demo office as a new user first sees it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, seedDirectory, type OfficeFixture, type RowFixture } from './pages/api.js';
import { fixture, SarabanApp, thaiDate } from './pages/SarabanApp.js';
import { launchBrowser, openPage } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

const office = fixture<OfficeFixture>('office-cma5.json');
const outgoing = fixture<{ entries: RowFixture[] }>('outgoing-2566.json').entries;
const NOW = new Date('2023-11-16T10:00:00+07:00');

let browser: Browser;
let app: E2EHost;
let clerk: SarabanApp;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost({ now: () => NOW });
  await api(app, 'office.save', {
    ...office.office,
    numberSpacing: 'spaced',
    digits: 'arabic',
    certificatePattern: 'สพป.ชม.5 {n:4}/{year}',
  });
  await seedDirectory(app, office);
  await api(app, 'books.setNextNumber', { kind: 'outgoing', year: 2566, next: 3959, reason: 'ต่อเลขจาก AMSS++' });
  clerk = await SarabanApp.open(browser, app);
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

test('registers the outgoing letters by keyboard: ที่ ศธ04051/3959 … /3964', async () => {
  const list = await clerk.register('outgoing');
  const form = await list.openForm();
  expect(await form.focusedId()).toBe('f-circular');
  expect(await form.page.locator('.docno-row').innerText()).toContain('ที่ ศธ04051/');
  expect(await form.page.locator('.docno-row').innerText()).toContain('(ออกเลขอัตโนมัติ)');
  expect(await form.field('จาก').inputValue()).toBe(office.office.name);

  // The directory suggests the head of a school as the clerk types its name.
  await form.field('ถึง').fill('ห้วยปูลิง');
  await expect
    .poll(() => form.page.locator('#f-to-options option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)))
    .toContain('ผู้อำนวยการโรงเรียนบ้านห้วยปูลิง');
  await form.field('ถึง').fill('');
  await form.page.locator('#f-circular').focus();

  for (const row of outgoing) {
    const saved = await form.registerOutgoing({
      date: thaiDate(row.documentDate),
      to: row.to,
      subject: row.subject,
      group: row.group,
      person: row.person,
    });
    expect(saved.number).toBe(String(row.registerNo));
    expect(saved.docNo).toBe(row.documentNo);
    expect(await form.focusedId()).toBe('f-circular');
  }

  // A circular: its own ว series from 1, which takes no number from the normal letters.
  const circular = await form.registerOutgoing({
    circular: true,
    date: '16/11/2566',
    to: 'สถานศึกษาในสังกัดทุกแห่ง',
    subject: 'แจ้งกำหนดการประชุมผู้บริหารสถานศึกษา',
    group: 'กลุ่มอำนวยการ',
    person: '',
  });
  expect(circular.docNo).toBe('ที่ ศธ04051/ว 1');
  expect(circular.number).toBe('ว 1');

  await form.page.keyboard.press('Escape');
  const back = await clerk.register('outgoing');
  await back.waitFor('ทั้งหมด 7 รายการ');
  for (const row of outgoing) {
    expect(await back.row(row.registerNo).innerText()).toContain(row.documentNo);
    expect(await back.row(row.registerNo).innerText()).toContain(row.to);
  }
  expect(await back.row(-1).innerText()).toContain('ที่ ศธ04051/ว 1');
  // ปกติ / เวียน: each series on its own.
  await back.page.getByRole('radio', { name: 'เวียน' }).check();
  await back.waitFor('ทั้งหมด 1 รายการ');
  await back.page.getByRole('radio', { name: 'ปกติ' }).check();
  await back.waitFor('ทั้งหมด 6 รายการ');
  await back.page.getByRole('radio', { name: 'ทั้งหมด' }).check();
  await back.waitFor('ทั้งหมด 7 รายการ');
  await clerk.screenshot('outgoing-list');
});

test('a secret outgoing letter is marked ลับ in the list', async () => {
  await api(app, 'entries.create', {
    kind: 'outgoing',
    docDate: '2023-11-16',
    from: office.office.name,
    to: 'ผู้อำนวยการโรงเรียนบ้านพุย',
    subject: 'ผลการสอบสวนข้อเท็จจริง',
    secrecy: 'secret',
    urgency: 'most_urgent',
  });
  const list = await clerk.register('outgoing');
  await list.waitFor('ทั้งหมด 8 รายการ');
  const row = list.row(3965); // the next normal number: ว 1 took none
  expect(await row.locator('.badge-secret').innerText()).toBe('ลับ');
  expect(await row.locator('.badge-urgent').innerText()).toBe('ด่วนที่สุด');
});

test('registers an order: 1/2566', async () => {
  const list = await clerk.register('order');
  const form = await list.openForm();
  expect(await form.focusedId()).toBe('f-docDate');
  const no = await form.fillAndSave({
    ลงวันที่: '16/11/2566',
    เรื่อง: 'แต่งตั้งคณะกรรมการตรวจรับพัสดุ',
    ผู้ลงนาม: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา',
    กลุ่มเจ้าของเรื่อง: 'กลุ่มบริหารการเงินและสินทรัพย์',
    หมายเหตุ: 'คำสั่งที่ลงนามแล้ว',
  });
  expect(no).toBe('1/2566');
  await form.page.keyboard.press('Escape');
  const back = await clerk.register('order');
  await back.waitFor('ทั้งหมด 1 รายการ');
  const text = await back.row(1).innerText();
  expect(text).toContain('1/2566');
  expect(text).toContain('แต่งตั้งคณะกรรมการตรวจรับพัสดุ');
  expect(text).toContain('กลุ่มบริหารการเงินและสินทรัพย์');
});

test('issues a block of 50 certificates; a bad row must go before the numbers are given', async () => {
  const list = await clerk.register('certificate');
  await list.page.getByRole('link', { name: 'ออกเลขเกียรติบัตรเป็นชุด' }).click();
  const page = list.page;
  await page.getByLabel('รายการ', { exact: true }).fill('ผู้เข้าร่วมอบรมการใช้ระบบสารบรรณ');
  await page.getByLabel('ผู้ลงนาม').fill('ผู้อำนวยการ สพป.เชียงใหม่ เขต 5');
  await page.getByLabel('กลุ่ม', { exact: true }).selectOption({ label: 'กลุ่มอำนวยการ' });
  const names = Array.from({ length: 50 }, (_v, i) => `ครูผู้เข้าอบรม คนที่ ${i + 1}`);
  const withBad = [...names.slice(0, 10), 'ช'.repeat(301), ...names.slice(10)];
  await page.getByLabel('รายชื่อผู้ได้รับ (หนึ่งชื่อต่อบรรทัด)').fill(withBad.join('\n'));
  await page.getByRole('button', { name: 'ตรวจสอบรายชื่อ' }).click();
  const preview = page.getByLabel('ตรวจสอบก่อนออกเลข');
  await expect.poll(() => preview.innerText()).toContain('ไม่ถูกต้อง 1 รายการ');
  expect(await preview.locator('tr.invalid-row').innerText()).toContain('11');
  expect(await preview.locator('tr.invalid-row').innerText()).toContain('ชื่อยาวเกิน 300 ตัวอักษร');
  expect(await page.getByRole('button', { name: /ยืนยันออกเลข/ }).isDisabled()).toBe(true);

  await preview.getByRole('button', { name: 'ตัดออก' }).click();
  await page.getByRole('button', { name: 'ตรวจสอบรายชื่อ' }).click();
  await expect.poll(() => page.getByTestId('preview-range').innerText()).toBe('สพป.ชม.5 0001/2566 ถึง สพป.ชม.5 0050/2566');
  await page.getByRole('button', { name: 'ยืนยันออกเลข 50 ฉบับ' }).click();
  await expect.poll(() => page.getByTestId('issued-block').innerText()).toBe('สพป.ชม.5 0001/2566 – สพป.ชม.5 0050/2566');

  const back = await clerk.register('certificate');
  await back.waitFor('ทั้งหมด 50 รายการ');
  expect(await back.numbers()).toEqual(Array.from({ length: 20 }, (_v, i) => 50 - i));
  await back.goToPage('หน้าสุดท้าย»');
  await back.waitFor('หน้า 3/3');
  const first = await back.row(1).innerText();
  expect(first).toContain('สพป.ชม.5 0001/2566');
  expect(first).toContain('ครูผู้เข้าอบรม คนที่ 1');
  expect(first).toContain('ผู้เข้าร่วมอบรมการใช้ระบบสารบรรณ');

  // One more by the form continues the block.
  const form = await back.openForm();
  expect(await form.focusedId()).toBe('f-recipient');
  const no = await form.fillAndSave({ ชื่อผู้ได้รับ: 'นายวิทยากร ภายนอก', รายการ: 'วิทยากรอบรมการใช้ระบบสารบรรณ', ผู้ลงนาม: 'ผู้อำนวยการ' });
  expect(no).toBe('สพป.ชม.5 0051/2566');
});

test('imports certificate recipients from an Excel .xlsx and a CSV file', async () => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('รายชื่อ');
  sheet.addRow(['ชื่อผู้ได้รับ', 'โรงเรียน']);
  for (const name of ['เด็กหญิงมะลิ ใจดี', 'เด็กชายก้อง ฟ้าใส', 'นางสาวรุ่งนภา แสงทอง']) sheet.addRow([name, 'บ้านพุย']);
  const xlsx = join(app.dataDir, 'recipients.xlsx');
  writeFileSync(xlsx, Buffer.from(await book.xlsx.writeBuffer()));
  const csv = join(app.dataDir, 'recipients.csv');
  writeFileSync(csv, '\uFEFFชื่อ,หมายเหตุ\r\nนายสมชาย รักเรียน,ครู\r\n"นางสมศรี, มีสุข",ครู\r\n');

  const list = await clerk.register('certificate');
  await list.page.getByRole('link', { name: 'ออกเลขเกียรติบัตรเป็นชุด' }).click();
  const page = list.page;
  // The chooser is a Thai button and label, not the browser's "Choose File / No file chosen".
  await page.getByRole('button', { name: 'นำเข้ารายชื่อจากไฟล์ Excel (.xlsx) หรือ CSV' }).waitFor();
  expect(await page.locator('.file-picker-name').innerText()).toBe('ยังไม่ได้เลือกไฟล์');
  expect(await page.locator('#b-file').getAttribute('class')).toBe('visually-hidden');
  const file = page.locator('#b-file');
  const names = page.getByLabel('รายชื่อผู้ได้รับ (หนึ่งชื่อต่อบรรทัด)');
  await file.setInputFiles(xlsx);
  await expect.poll(() => page.locator('.file-picker-name').innerText()).toBe('ไฟล์: recipients.xlsx (3 ชื่อ)');
  await expect.poll(() => names.inputValue()).toBe('เด็กหญิงมะลิ ใจดี\nเด็กชายก้อง ฟ้าใส\nนางสาวรุ่งนภา แสงทอง');
  await file.setInputFiles(csv);
  await expect.poll(() => names.inputValue()).toBe('เด็กหญิงมะลิ ใจดี\nเด็กชายก้อง ฟ้าใส\nนางสาวรุ่งนภา แสงทอง\nนายสมชาย รักเรียน\nนางสมศรี, มีสุข');

  await page.getByLabel('รายการ', { exact: true }).fill('นักเรียนดีเด่นด้านคุณธรรม');
  await page.getByRole('button', { name: 'ตรวจสอบรายชื่อ' }).click();
  await expect.poll(() => page.getByTestId('preview-range').innerText()).toBe('สพป.ชม.5 0052/2566 ถึง สพป.ชม.5 0056/2566');
  await page.getByRole('button', { name: 'ยืนยันออกเลข 5 ฉบับ' }).click();
  await expect.poll(() => page.getByTestId('issued-block').innerText()).toBe('สพป.ชม.5 0052/2566 – สพป.ชม.5 0056/2566');
});

test('replies to an incoming letter; the link shows both ways', async () => {
  const letter = await api(app, 'entries.create', {
    kind: 'incoming',
    docDate: '2023-11-15',
    docNo: 'ที่ ศธ 04051.020110/88',
    from: 'บ้านห้วยปูลิง',
    to: office.office.name,
    subject: 'ขออนุญาตใช้อาคารเรียนจัดกิจกรรม',
  });
  const list = await clerk.register('incoming');
  const details = await list.openDetails(String(letter.registerNo));
  const form = await details.reply();
  expect(await form.page.locator('.reply-banner').innerText()).toContain('ขออนุญาตใช้อาคารเรียนจัดกิจกรรม');
  await expect.poll(() => form.field('ถึง').inputValue()).toBe('บ้านห้วยปูลิง');
  expect(await form.field('เรื่อง').inputValue()).toBe('ขออนุญาตใช้อาคารเรียนจัดกิจกรรม');
  await form.field('ถึง').fill('ผู้อำนวยการโรงเรียนบ้านห้วยปูลิง');
  await form.field('เรื่อง').press('Enter');
  await expect.poll(() => form.page.getByTestId('saved-docno').innerText()).toBe('ที่ ศธ04051/3966');

  await form.page.locator('.saved').getByRole('link', { name: 'รายละเอียด' }).click();
  await form.page.getByRole('heading', { name: 'ตอบหนังสือรับ' }).waitFor();
  const toIncoming = form.page.locator('.links', { hasText: 'ตอบหนังสือรับ' }).getByRole('link');
  expect(await toIncoming.innerText()).toContain('ขออนุญาตใช้อาคารเรียนจัดกิจกรรม');
  await toIncoming.click();
  await form.page.getByRole('heading', { name: 'หนังสือส่งที่ตอบเรื่องนี้' }).waitFor();
  const replies = form.page.locator('.links', { hasText: 'หนังสือส่งที่ตอบเรื่องนี้' }).getByRole('link');
  await expect.poll(() => replies.innerText()).toContain('ที่ ศธ04051/3966');
});

test('a viewer reads the registers but is offered no register or settings actions', async () => {
  await api(app, 'users.save', { username: 'viewer1', displayName: 'ผู้ตรวจสอบภายใน', role: 'viewer', password: 'viewer-pass-2566' });
  const page = await openPage(browser, app.url, { login: { username: 'viewer1', password: 'viewer-pass-2566' } });
  const viewer = new SarabanApp(page);
  await expect.poll(() => viewer.header().innerText()).toContain('ผู้ตรวจสอบภายใน');
  const menu = await page.getByRole('navigation', { name: 'เมนูหลัก' }).innerText();
  expect(menu).toContain('ทะเบียนหนังสือส่ง');
  expect(menu).not.toContain('ตั้งค่าระบบ');
  const list = await viewer.register('outgoing');
  await list.waitFor('ทั้งหมด 9 รายการ');
  expect(await page.getByRole('link', { name: 'ลงทะเบียนหนังสือส่ง' }).count()).toBe(0);
  const details = await list.openDetails('3959');
  expect(await details.value('ที่').innerText()).toBe('ที่ ศธ04051/3959');
  expect(await page.getByRole('link', { name: 'แก้ไข', exact: true }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'ยกเลิกรายการนี้' }).count()).toBe(0);
  await page.getByRole('button', { name: 'ออกจากระบบ' }).click();
  await page.getByRole('form', { name: 'เข้าสู่ระบบ' }).waitFor();
  await page.close();
});

test('an office that writes Thai digits sees its numbers and dates in Thai digits', async () => {
  const profile = await api(app, 'office.get', {});
  await api(app, 'office.save', { ...profile, digits: 'thai' });
  try {
    await clerk.page.reload();
    const list = await clerk.register('outgoing');
    await list.row(3959).waitFor();
    const row = await list.row(3959).innerText();
    expect(row).toContain('ที่ ศธ๐๔๐๕๑/๓๙๕๙');
    expect(row).toContain('๑๖ พ.ย. ๒๕๖๖');
    expect(await list.row(-1).innerText()).toContain('ที่ ศธ๐๔๐๕๑/ว ๑');
    expect(await clerk.header().innerText()).toContain('วันพฤหัสบดีที่ ๑๖ พฤศจิกายน ๒๕๖๖');
  } finally {
    await api(app, 'office.save', { ...profile, digits: 'arabic' });
    await clerk.page.reload();
  }
});

test('a new office loads the demo from รายการหลัก and sees today, the latest and the urgent', async () => {
  const demo = await startE2EHost({ now: () => NOW });
  try {
    const visitor = await SarabanApp.open(browser, demo);
    await visitor.page.getByRole('button', { name: /โหลดข้อมูลตัวอย่าง/ }).click();
    await expect.poll(() => visitor.header().innerText()).toContain(office.office.name);
    // It says what it loaded and opens the register on the demo's letters.
    await expect.poll(() => visitor.page.locator('.flash').innerText()).toContain('หนังสือ 14 รายการ');
    await visitor.page.getByRole('heading', { name: 'ทะเบียนหนังสือรับ', exact: true }).waitFor();
    await visitor.menu('รายการหลัก');
    await expect.poll(() => visitor.page.locator('[data-kind="incoming"]').innerText()).toBe('8');
    expect(await visitor.page.locator('[data-kind="outgoing"]').innerText()).toBe('6');
    expect(await visitor.page.getByRole('button', { name: /โหลดข้อมูลตัวอย่าง/ }).count()).toBe(0);
    await api(demo, 'entries.create', {
      kind: 'incoming',
      docDate: '2023-11-16',
      docNo: 'ที่ ชม 0017.2/ว 4410',
      from: 'ศาลากลางจังหวัดเชียงใหม่',
      to: office.office.name,
      subject: 'ขอเชิญประชุมด่วนเรื่องการเตรียมรับสถานการณ์อุทกภัย',
      urgency: 'most_urgent',
    });
    await visitor.menu('รายการหลัก');
    await expect.poll(() => visitor.page.locator('.home-columns').innerText()).toContain('ด่วนที่สุด');
    await visitor.screenshot('home');
    const list = await visitor.register('incoming');
    await list.waitFor('ทั้งหมด 9 รายการ');
    await visitor.screenshot('incoming-list-demo');
    await visitor.page.close();
  } finally {
    await demo.dispose();
  }
});
