// Page objects for the clerk's screens: tests say what the clerk does, these say how.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { REGISTER_LABELS, type RegisterKind } from '../../../src-shared/domain.js';
import { beYear, parseIsoDate } from '../../../src-shared/thai.js';
import { openPage, screenshotPath } from '../support/browser.js';
import type { E2EHost } from '../support/host.js';

export const FIXTURES = join(process.cwd(), 'resources', 'demo');
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

/** "2023-11-16" as the clerk types it: "16/11/2566". */
export function thaiDate(iso: string): string {
  const d = parseIsoDate(iso);
  if (!d) throw new Error(iso);
  return `${d.day}/${d.month}/${beYear(d.year)}`;
}

export class SarabanApp {
  constructor(readonly page: Page) {}

  /** Opens the app, logged in as the e2e office admin through the login form. */
  static async open(browser: Browser, app: E2EHost): Promise<SarabanApp> {
    const page = await openPage(browser, app.url);
    await page.locator('header').waitFor();
    return new SarabanApp(page);
  }

  header(): Locator {
    return this.page.locator('header');
  }

  async menu(label: string): Promise<void> {
    const link = this.page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: label, exact: true });
    const href = (await link.getAttribute('href')) ?? '';
    await link.click();
    // Chromium's PDF viewer, starting in an iframe of the page (attachments, print preview),
    // can swallow a click on a loaded box; a clerk would click again, and so does the test.
    if (href.startsWith('#') && !(await this.reached(href))) await link.click();
  }

  private async reached(hash: string): Promise<boolean> {
    try {
      await this.page.waitForFunction((h) => window.location.hash === h || window.location.hash.startsWith(`${h}?`), hash, { timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  }

  async settings(): Promise<SettingsScreen> {
    await this.menu('ตั้งค่าระบบ');
    await this.page.getByRole('heading', { name: 'ตั้งค่าระบบ' }).waitFor();
    return new SettingsScreen(this.page);
  }

  async register(kind: RegisterKind): Promise<RegisterScreen> {
    await this.menu(REGISTER_LABELS[kind].book);
    const screen = new RegisterScreen(this.page, kind);
    await screen.waitLoaded();
    return screen;
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: screenshotPath(name) });
  }
}

export class SettingsScreen {
  constructor(readonly page: Page) {}

  async tab(label: string): Promise<void> {
    await this.page.getByRole('tab', { name: label }).click();
  }

  async saveOffice(values: Partial<Record<'ชื่อหน่วยงาน' | 'ชื่อย่อ' | 'รหัสหนังสือ' | 'รูปแบบเลขเกียรติบัตร', string>>): Promise<void> {
    await this.tab('ข้อมูลหน่วยงาน');
    for (const [label, value] of Object.entries(values)) await this.page.getByLabel(label, { exact: true }).fill(value);
    await this.page.getByRole('button', { name: 'บันทึก', exact: true }).click();
  }

  async addGroup(name: string): Promise<void> {
    await this.tab('กลุ่มปฏิบัติ');
    await this.page.getByLabel('เพิ่มกลุ่มปฏิบัติ').fill(name);
    await this.page.getByLabel('เพิ่มกลุ่มปฏิบัติ').press('Enter');
  }

  async addPerson(name: string, group: string): Promise<void> {
    await this.tab('บุคคลปฏิบัติ');
    await this.page.getByLabel('เพิ่มบุคคลปฏิบัติ').fill(name);
    await this.page.getByLabel('ในกลุ่ม').selectOption({ label: group });
    await this.page.getByRole('button', { name: 'เพิ่มบุคคล' }).click();
  }

  async addContact(name: string, kind: 'โรงเรียน' | 'หน่วยงาน'): Promise<void> {
    await this.tab('โรงเรียน/หน่วยงาน');
    await this.page.getByLabel('เพิ่มโรงเรียน/หน่วยงาน').fill(name);
    await this.page.getByLabel('ประเภท').selectOption({ label: kind });
    await this.page.getByRole('button', { name: 'เพิ่ม', exact: true }).click();
  }

  async setNextNumber(book: string, year: number, next: number, reason: string, sequence?: 'เลขทะเบียน' | 'หนังสือเวียน (ว)'): Promise<void> {
    await this.tab('เลขทะเบียน');
    await this.page.getByLabel('ทะเบียน', { exact: true }).selectOption({ label: book });
    await this.page.getByLabel('ปี พ.ศ.').fill(String(year));
    if (sequence) await this.page.getByLabel('ลำดับเลข').selectOption({ label: sequence });
    await this.page.getByLabel('เลขถัดไป', { exact: true }).fill(String(next));
    await this.page.getByLabel('เหตุผล', { exact: true }).fill(reason);
    await this.page.getByRole('button', { name: 'ตั้งเลขถัดไป' }).click();
  }

  nextNo(): Locator {
    return this.page.getByTestId('next-no');
  }
}

export class RegisterScreen {
  constructor(
    readonly page: Page,
    readonly kind: RegisterKind,
  ) {}

  async waitLoaded(): Promise<void> {
    await this.page.getByRole('heading', { name: REGISTER_LABELS[this.kind].book, exact: true }).waitFor();
    await this.page.locator('.summary-line', { hasNotText: 'กำลังโหลด' }).waitFor();
  }

  rows(): Locator {
    return this.page.locator('table.entries tbody tr[data-regno]');
  }

  row(number: string | number): Locator {
    return this.page.locator(`table.entries tbody tr[data-regno="${number}"]`);
  }

  /** The register numbers on the current page, top to bottom. */
  async numbers(): Promise<number[]> {
    return (await this.rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-regno')))).map(Number);
  }

  summary(): Locator {
    return this.page.locator('.summary-line');
  }

  /** The list's answer to the current search and filter (not the one before it) says text. */
  async waitFor(text: string): Promise<void> {
    await this.page.locator('.summary-line[aria-busy="false"]', { hasText: text }).waitFor();
  }

  async openForm(): Promise<EntryForm> {
    await this.page.getByRole('link', { name: REGISTER_LABELS[this.kind].action, exact: true }).click();
    const form = new EntryForm(this.page, this.kind);
    await form.waitReady();
    return form;
  }

  async search(field: string, q: string): Promise<void> {
    await this.page.getByLabel('ค้นหาหนังสือ จาก').selectOption({ label: field });
    await this.page.getByLabel('ด้วยคำว่า').fill(q);
    await this.page.getByLabel('ด้วยคำว่า').press('Enter');
  }

  async clearSearch(): Promise<void> {
    await this.page.getByRole('button', { name: 'ล้างคำค้น' }).click();
  }

  async filterGroup(label: string): Promise<void> {
    await this.page.getByLabel('กลุ่ม', { exact: true }).selectOption({ label });
  }

  async goToPage(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'หน้า' }).getByRole('button', { name: label, exact: true }).click();
  }

  async openDetails(numberText: string): Promise<DetailsScreen> {
    await this.page.getByRole('link', { name: `รายละเอียด ${numberText}`, exact: true }).click();
    const d = new DetailsScreen(this.page);
    await d.waitLoaded();
    return d;
  }
}

export interface IncomingDoc {
  from: string;
  urgency?: string;
  docNo: string;
  date: string;
  to: string;
  subject: string;
  group: string;
  person: string;
  remark: string;
}

export interface OutgoingDoc {
  circular?: boolean;
  date: string;
  to: string;
  subject: string;
  group: string;
  person: string;
  remark?: string;
}

export class EntryForm {
  constructor(
    readonly page: Page,
    readonly kind: RegisterKind,
  ) {}

  async waitReady(): Promise<void> {
    await this.page.locator('form.entry-form').waitFor();
  }

  field(label: string): Locator {
    return this.page.locator('form.entry-form').getByLabel(label, { exact: true });
  }

  /** The Thai message shown under a field. */
  errorOf(label: string): Locator {
    return this.page.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).locator('.field-error');
  }

  focusedId(): Promise<string> {
    return this.page.evaluate(() => document.activeElement?.id ?? '');
  }

  /** Replaces the focused field's text by typing, as the clerk does. */
  private async typeOver(text: string): Promise<void> {
    await this.page.keyboard.press('Control+A');
    if (text === '') await this.page.keyboard.press('Delete');
    else await this.page.keyboard.type(text);
  }

  private async pickOption(label: string, option: string): Promise<void> {
    await this.field(label).selectOption(option === '' ? { index: 0 } : { label: option });
  }

  /** Types an incoming letter field by field with Tab, then Enter in หมายเหตุ saves it. */
  async registerIncoming(doc: IncomingDoc): Promise<string> {
    const k = this.page.keyboard;
    await this.typeOver(doc.from); // จาก has the focus when the form opens
    await k.press('Tab'); // ระดับความสำคัญ
    if (doc.urgency) await this.pickOption('ระดับความสำคัญ', doc.urgency);
    await k.press('Tab');
    await this.typeOver(doc.docNo);
    await k.press('Tab');
    await this.typeOver(doc.date);
    await k.press('Tab');
    await this.typeOver(doc.to);
    await k.press('Tab');
    await this.typeOver(doc.subject);
    await k.press('Tab'); // กลุ่มปฏิบัติ
    await this.pickOption('กลุ่มปฏิบัติ', doc.group);
    await k.press('Tab'); // บุคคลปฏิบัติ
    await this.pickOption('บุคคลปฏิบัติ', doc.person);
    await k.press('Tab');
    await this.typeOver(doc.remark);
    return this.enterAndReadNumber();
  }

  async registerOutgoing(doc: OutgoingDoc): Promise<{ number: string; docNo: string }> {
    const k = this.page.keyboard;
    if (doc.circular) await k.press('Space'); // the ว box has the focus when the form opens
    await k.press('Tab');
    await this.typeOver(doc.date);
    await k.press('Tab'); // ความลับ
    await k.press('Tab'); // จาก (the office, already filled)
    await k.press('Tab');
    await this.typeOver(doc.to);
    await k.press('Tab');
    await this.typeOver(doc.subject);
    await k.press('Tab');
    await this.pickOption('กลุ่มปฏิบัติ', doc.group);
    await k.press('Tab');
    await this.pickOption('บุคคลปฏิบัติ', doc.person);
    await k.press('Tab');
    await this.typeOver(doc.remark ?? '');
    const number = await this.enterAndReadNumber();
    return { number, docNo: (await this.page.getByTestId('saved-docno').innerText()).trim() };
  }

  /** Fills fields by label (for orders, certificates, edits) and saves with Enter in the last one. */
  async fillAndSave(values: Record<string, string>): Promise<string> {
    let last: Locator | null = null;
    for (const [label, value] of Object.entries(values)) {
      const f = this.field(label);
      if ((await f.evaluate((el) => el.tagName)) === 'SELECT') await f.selectOption({ label: value });
      else {
        await f.fill(value);
        last = f;
      }
    }
    if (!last) throw new Error('no text field to press Enter in');
    await last.press('Enter');
    return this.savedNumber();
  }

  async enterAndReadNumber(): Promise<string> {
    const before = await this.savedText();
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction(
      (prev) => (document.querySelector('[data-testid="saved-number"]')?.textContent ?? '') + (document.querySelector('[data-testid="saved-docno"]')?.textContent ?? '') !== prev,
      before,
    );
    return this.savedNumber();
  }

  private async savedText(): Promise<string> {
    return this.page.evaluate(
      () => (document.querySelector('[data-testid="saved-number"]')?.textContent ?? '') + (document.querySelector('[data-testid="saved-docno"]')?.textContent ?? ''),
    );
  }

  async savedNumber(): Promise<string> {
    return (await this.page.getByTestId('saved-number').innerText()).trim();
  }
}

export class DetailsScreen {
  constructor(readonly page: Page) {}

  async waitLoaded(): Promise<void> {
    await this.page.locator('table.fields').waitFor();
  }

  value(label: string): Locator {
    return this.page.locator('table.fields tr', { has: this.page.locator('th', { hasText: new RegExp(`^${label}$`) }) }).locator('td');
  }

  history(): Locator {
    return this.page.locator('table.history');
  }

  async edit(): Promise<EntryForm> {
    await this.page.getByRole('link', { name: 'แก้ไข', exact: true }).click();
    const form = new EntryForm(this.page, 'incoming');
    await form.waitReady();
    await this.page.locator('form.entry-form input[id="f-subject"]').waitFor();
    return form;
  }

  async cancel(reason: string): Promise<void> {
    await this.page.getByRole('button', { name: 'ยกเลิกรายการนี้' }).click();
    await this.page.getByLabel('เหตุผลที่ยกเลิก').fill(reason);
    await this.page.getByRole('button', { name: 'ยืนยันการยกเลิก' }).click();
  }

  async reply(): Promise<EntryForm> {
    await this.page.getByRole('link', { name: 'ตอบหนังสือรับ' }).click();
    const form = new EntryForm(this.page, 'outgoing');
    await form.waitReady();
    return form;
  }
}

/** The first run: the office's admin account and where the register lives (AuthGate's SetupForm). */
export class FirstRunScreen {
  readonly form: Locator;
  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'สร้างบัญชีผู้ดูแลระบบ' });
  }

  dataDirField(): Locator {
    return this.form.getByLabel('โฟลเดอร์เก็บข้อมูล', { exact: true });
  }

  async fillAdmin(who: { username: string; displayName: string; password: string }): Promise<void> {
    await this.form.getByLabel('ชื่อผู้ใช้', { exact: true }).fill(who.username);
    await this.form.getByLabel('ชื่อ-สกุล', { exact: true }).fill(who.displayName);
    await this.form.getByLabel('รหัสผ่าน', { exact: true }).fill(who.password);
    await this.form.getByLabel('ยืนยันรหัสผ่าน', { exact: true }).fill(who.password);
  }

  async submit(): Promise<void> {
    await this.form.getByRole('button', { name: 'สร้างบัญชีและเข้าสู่ระบบ' }).click();
  }
}
