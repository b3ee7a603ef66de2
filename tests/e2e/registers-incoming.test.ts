// A registry clerk's day on the incoming register, in a real browser against a real host:
// set the office up, register the morning's letters by keyboard, find, edit, cancel, restart.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, seedDirectory, type OfficeFixture, type RowFixture } from './pages/api.js';
import { fixture, SarabanApp, thaiDate, type RegisterScreen } from './pages/SarabanApp.js';
import { launchBrowser } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

const office = fixture<OfficeFixture>('office-cma5.json');
const incoming = fixture<{ entries: RowFixture[] }>('incoming-2566.json').entries;
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

test('the clerk sets up the office in ตั้งค่าระบบ', async () => {
  await expect.poll(() => clerk.header().innerText()).toContain('วันพฤหัสบดีที่ 16 พฤศจิกายน 2566');
  const settings = await clerk.settings();
  await settings.saveOffice({ ชื่อหน่วยงาน: '', ชื่อย่อ: office.office.shortName });
  await expect.poll(() => settings.page.getByText('กรุณากรอกชื่อหน่วยงาน').count()).toBe(1);
  await settings.saveOffice({
    ชื่อหน่วยงาน: office.office.name,
    ชื่อย่อ: office.office.shortName,
    รหัสหนังสือ: office.office.documentPrefix,
  });
  await expect.poll(() => clerk.header().innerText()).toContain(office.office.name);
  await expect.poll(() => clerk.header().innerText()).toContain('นางสาวสารบรรณ ตั้งใจ');

  // The first group, person and school by hand; the rest of the directory through the API.
  await settings.addGroup(office.groups[0] as string);
  await expect.poll(() => settings.page.getByLabel(`ชื่อกลุ่ม ${office.groups[0]}`).count()).toBe(1);
  await settings.addPerson(office.people[0]?.name as string, office.people[0]?.group as string);
  await expect.poll(() => settings.page.getByLabel(`ชื่อบุคคล ${office.people[0]?.name}`).count()).toBe(1);
  await settings.addContact('บ้านทดสอบ', 'โรงเรียน');
  await expect.poll(() => settings.page.locator('table', { hasText: 'บ้านทดสอบ' }).count()).toBe(1);
  await seedDirectory(app, { ...office, people: office.people.slice(1) });

  // Continue the paper register: the next incoming number for 2566 is 14527.
  await settings.setNextNumber('ทะเบียนหนังสือรับ', 2566, 0, 'ต่อเลขจากทะเบียนกระดาษ');
  await expect.poll(() => settings.page.getByText('เลขถัดไปต้องมากกว่า 0').count()).toBe(1);
  await settings.setNextNumber('ทะเบียนหนังสือรับ', 2566, 14527, 'ต่อเลขจากทะเบียนกระดาษ');
  await expect.poll(() => settings.nextNo().innerText()).toBe('14527');
  await expect.poll(() => settings.page.locator('table', { hasText: 'ต่อเลขจากทะเบียนกระดาษ' }).innerText()).toContain('14527');
  await clerk.screenshot('settings');
  await clerk.page.reload();
});

test('registers every letter of the morning by keyboard and reads each number', async () => {
  const list = await clerk.register('incoming');
  const form = await list.openForm();
  expect(await form.focusedId()).toBe('f-from');
  for (const row of incoming) {
    const shown = await form.registerIncoming({
      from: row.from,
      docNo: row.documentNo,
      date: thaiDate(row.documentDate),
      to: row.to,
      subject: row.subject,
      group: row.group,
      person: row.person,
      remark: row.remark ?? '',
    });
    expect(shown).toBe(String(row.registerNo));
    // Ready for the next letter: blank form, focus on จาก, defaults back.
    expect(await form.focusedId()).toBe('f-from');
    expect(await form.field('เรื่อง').inputValue()).toBe('');
    expect(await form.field('หมายเหตุ').inputValue()).toBe('เอกสารกระดาษ');
  }
  await form.page.keyboard.press('Escape');
  const back = await clerk.register('incoming');
  await back.waitFor('ทั้งหมด 8 รายการ');
  expect(await back.numbers()).toEqual([...incoming.map((r) => r.registerNo)].sort((a, b) => b - a));
  const first = back.row(14527);
  expect(await first.innerText()).toContain('16 พ.ย. 2566');
  expect(await first.innerText()).toContain('ที่ ชม 0017.3/ว35614');
  expect(await first.innerText()).toContain('นางสาวกิ่งกาญจน์ กิติตุ้ย');
  expect(await back.row(14530).innerText()).toContain('8 พ.ย. 2566');
  expect(await back.row(14528).innerText()).not.toContain('เอกสารกระดาษ');
});

test('finds letters by search and by group', async () => {
  const list = await clerk.register('incoming');
  await list.search('เรื่อง', 'วันหยุด');
  await list.waitFor('ทั้งหมด 1 รายการ');
  expect(await list.numbers()).toEqual([14527]);
  expect(await list.row(14527).innerText()).toContain('การเลื่อนวันหยุดชดเชยวันหยุดราชการฯ');

  // Two characters: below the trigram index, still found.
  const withKho = incoming.filter((r) => r.subject.includes('ขอ')).map((r) => r.registerNo);
  expect(withKho.length).toBeGreaterThan(0);
  await list.search('เรื่อง', 'ขอ');
  await list.waitFor(`ทั้งหมด ${withKho.length} รายการ`);
  expect((await list.numbers()).sort()).toEqual(withKho.sort());

  await list.search('จาก', 'ห่างหลวง');
  const fromHang = incoming.filter((r) => r.from.includes('ห่างหลวง')).map((r) => r.registerNo);
  await list.waitFor(`ทั้งหมด ${fromHang.length} รายการ`);
  expect((await list.numbers()).sort()).toEqual(fromHang.sort());

  await list.search('เรื่อง', 'ไม่มีเรื่องนี้แน่นอน');
  await list.waitFor('ทั้งหมด 0 รายการ');
  expect(await list.page.getByText('ไม่พบหนังสือที่ค้นหา').count()).toBe(1);
  await list.clearSearch();
  await list.waitFor('ทั้งหมด 8 รายการ');

  const plan = incoming.filter((r) => r.group === 'กลุ่มนโยบายและแผน').map((r) => r.registerNo);
  await list.filterGroup('กลุ่มนโยบายและแผน');
  await list.waitFor(`ทั้งหมด ${plan.length} รายการ`);
  expect((await list.numbers()).sort()).toEqual(plan.sort());
  await list.filterGroup('ทุกกลุ่ม(งาน)');
  await list.waitFor('ทั้งหมด 8 รายการ');
});

test('pages through a full register, 20 a page', async () => {
  // The afternoon's 37 letters arrive through the API; the list must page over all 45.
  const groups = await api(app, 'groups.list', {});
  for (let i = 1; i <= 37; i++) {
    await api(app, 'entries.create', {
      kind: 'incoming',
      docDate: '2023-11-16',
      from: 'บ้านพุย',
      to: office.office.name,
      subject: `หนังสือบ่ายลำดับ ${i}`,
      docNo: `ที่ ศธ 04051.030111/${300 + i}`,
      groupId: groups[0]?.id ?? null,
    });
  }
  const list = await clerk.register('incoming');
  await list.waitFor('ทั้งหมด 45 รายการ · หน้า 1/3');
  const page1 = await list.numbers();
  expect(page1).toHaveLength(20);
  expect(page1[0]).toBe(14571);
  await list.goToPage('หน้า 2');
  await list.waitFor('หน้า 2/3');
  expect((await list.numbers())[0]).toBe(14551);
  await list.goToPage('หน้าสุดท้าย»');
  await list.waitFor('หน้า 3/3');
  expect(await list.numbers()).toEqual([14531, 14530, 14529, 14528, 14527]);
  await list.goToPage('‹หน้าก่อน');
  await list.waitFor('หน้า 2/3');
  await list.goToPage('«หน้าแรก');
  await list.waitFor('หน้า 1/3');
  expect(await list.numbers()).toEqual(page1);
});

async function findByNumber(no: number): Promise<RegisterScreen> {
  const list = await clerk.register('incoming');
  await list.search('ทุกช่อง', incoming.find((r) => r.registerNo === no)?.subject.slice(0, 20) as string);
  await list.row(no).waitFor();
  return list;
}

test('opens the details, edits one letter (its number stays) and sees the change in the history', async () => {
  const list = await findByNumber(14530);
  const details = await list.openDetails('14530');
  expect(await details.value('ทะเบียนรับ').innerText()).toBe('14530');
  expect(await details.value('จาก').innerText()).toBe('ศรีมิตรวิทยา');
  expect(await details.value('ลงวันที่').innerText()).toBe('8 พฤศจิกายน 2566');
  const form = await details.edit();
  await expect.poll(() => form.field('เรื่อง').inputValue()).toContain('ส่งรายงานข้อมูลจำนวนนักเรียนพักนอน');
  await form.field('เรื่อง').fill('ส่งรายงานข้อมูลนักเรียนพักนอน ภาคเรียนที่ 2/2566 (ฉบับแก้ไข)');
  await form.field('เรื่อง').press('Enter');
  await details.page.locator('table.history').waitFor();
  await expect.poll(() => details.value('เรื่อง').innerText()).toBe('ส่งรายงานข้อมูลนักเรียนพักนอน ภาคเรียนที่ 2/2566 (ฉบับแก้ไข)');
  expect(await details.value('ทะเบียนรับ').innerText()).toBe('14530');
  const history = await details.history().innerText();
  expect(history).toContain('แก้ไข');
  expect(history).toContain('เรื่อง:');
  expect(history).toContain('(ฉบับแก้ไข)');
  expect(history).toContain('นางสาวสารบรรณ ตั้งใจ');
});

test('cancels one letter with a reason; it stays in the register, marked ยกเลิก', async () => {
  const list = await findByNumber(14533);
  const details = await list.openDetails('14533');
  await details.page.getByRole('button', { name: 'ยกเลิกรายการนี้' }).click();
  await details.page.getByRole('button', { name: 'ยืนยันการยกเลิก' }).click();
  await expect.poll(() => details.page.getByText('กรุณากรอกเหตุผลที่ยกเลิก').count()).toBe(1);
  await details.page.getByLabel('เหตุผลที่ยกเลิก').fill('ลงทะเบียนซ้ำกับฉบับเดิม');
  await details.page.getByRole('button', { name: 'ยืนยันการยกเลิก' }).click();
  await expect.poll(() => details.value('สถานะ').innerText()).toBe('ยกเลิก (ลงทะเบียนซ้ำกับฉบับเดิม)');
  expect(await details.page.getByRole('link', { name: 'แก้ไข', exact: true }).count()).toBe(0);

  const back = await clerk.register('incoming');
  await back.waitFor('ทั้งหมด 45 รายการ');
  await back.goToPage('หน้า 2');
  await back.waitFor('หน้า 2/3');
  const row = back.row(14533);
  expect(await row.getAttribute('class')).toContain('cancelled');
  expect(await row.innerText()).toContain('14533');
  expect(await row.innerText()).toContain('ยกเลิก');
});

test('invalid input shows Thai messages next to the fields and saves nothing', async () => {
  const before = (await api(app, 'books.list', { kind: 'incoming' }))[0]?.nextNo;
  const list = await clerk.register('incoming');
  const form = await list.openForm();
  await form.field('จาก').fill('บ้านพุย');

  // Empty subject.
  await form.field('เลขที่หนังสือ').press('Enter');
  await expect.poll(() => form.errorOf('เรื่อง').innerText()).toBe('กรุณากรอกเรื่อง');

  // A date that does not exist.
  await form.field('ลงวันที่').fill('30/2/2566');
  await form.field('เรื่อง').fill('ทดสอบวันที่');
  await form.field('เรื่อง').press('Enter');
  await expect.poll(() => form.errorOf('ลงวันที่').innerText()).toBe('วันที่ไม่ถูกต้อง (ไม่มีวันนี้ในปฏิทิน)');
  expect(await form.errorOf('เรื่อง').count()).toBe(0);
  await clerk.screenshot('incoming-form-error');

  // A 10,000-character subject.
  await form.field('ลงวันที่').fill('16/11/2566');
  await form.field('เรื่อง').fill('ก'.repeat(10_000));
  await form.field('เรื่อง').press('Enter');
  await expect.poll(() => form.errorOf('เรื่อง').innerText()).toBe('เรื่องยาวเกิน 1,000 ตัวอักษร');

  // A group that no longer exists by the time the clerk presses Enter: the core refuses it.
  const extra = await api(app, 'groups.save', { name: 'กลุ่มชั่วคราว' });
  await clerk.page.reload();
  const again = await (await clerk.register('incoming')).openForm();
  await again.field('จาก').fill('บ้านพุย');
  await again.field('เรื่อง').fill('หนังสือของกลุ่มที่เพิ่งยุบ');
  await again.field('กลุ่มปฏิบัติ').selectOption({ label: 'กลุ่มชั่วคราว' });
  await api(app, 'groups.save', { id: extra.id, name: 'กลุ่มชั่วคราว', active: false });
  await again.field('เรื่อง').press('Enter');
  await expect.poll(() => again.errorOf('กลุ่มปฏิบัติ').innerText()).toBe('ไม่พบกลุ่มปฏิบัติที่เลือก');
  expect(await again.page.getByTestId('saved-number').count()).toBe(0);

  // ล้างข้อมูล (AMSS++'s Reset) clears what was typed and brings the defaults back.
  await again.page.getByRole('button', { name: 'ล้างข้อมูล' }).click();
  expect(await again.field('เรื่อง').inputValue()).toBe('');
  expect(await again.field('จาก').inputValue()).toBe('');
  expect(await again.field('หมายเหตุ').inputValue()).toBe('เอกสารกระดาษ');
  expect(await again.errorOf('กลุ่มปฏิบัติ').count()).toBe(0);
  expect(await again.focusedId()).toBe('f-from');

  // Esc leaves the form; nothing was numbered.
  await again.field('เรื่อง').press('Escape');
  await clerk.page.getByRole('heading', { name: 'ทะเบียนหนังสือรับ', exact: true }).waitFor();
  expect((await api(app, 'books.list', { kind: 'incoming' }))[0]?.nextNo).toBe(before);
});

test('after a restart every letter is still there, the cancelled one still marked', async () => {
  await clerk.page.close();
  await app.restart();
  clerk = await SarabanApp.open(browser, app);
  await expect.poll(() => clerk.header().innerText()).toContain(office.office.name);
  const list = await clerk.register('incoming');
  await list.waitFor('ทั้งหมด 45 รายการ');
  await list.goToPage('หน้าสุดท้าย»');
  await list.waitFor('หน้า 3/3');
  expect(await list.numbers()).toEqual([14531, 14530, 14529, 14528, 14527]);
  await list.goToPage('หน้า 2');
  await list.waitFor('หน้า 2/3');
  expect(await list.row(14533).getAttribute('class')).toContain('cancelled');
  expect(await list.row(14534).innerText()).toContain(incoming[7]?.subject.slice(0, 30) as string);
});
