// Page object for รับส่งหนังสือราชการ: the module's menu, the inbox with ลงรับ, the sent list with
// "รับแล้ว n/m" and the per-school table, compose, the 3-day list.
import type { Locator, Page } from 'playwright-core';

export class DistributionScreen {
  constructor(readonly page: Page) {}

  static async open(page: Page): Promise<DistributionScreen> {
    await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'รับส่งหนังสือราชการ', exact: true }).click();
    await page.getByRole('navigation', { name: 'เมนูรับส่งหนังสือราชการ' }).waitFor();
    return new DistributionScreen(page);
  }

  async menu(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'เมนูรับส่งหนังสือราชการ' }).getByRole('link', { name: label, exact: true }).click();
  }

  table(name: string): Locator {
    return this.page.getByRole('table', { name });
  }

  async receive(subject: string): Promise<string> {
    await this.menu('หนังสือรับ');
    await this.table('หนังสือรับ').getByRole('link', { name: subject }).click();
    await this.page.getByRole('button', { name: 'ลงรับ', exact: true }).click();
    const status = this.page.getByRole('status').filter({ hasText: 'ลงรับแล้ว' });
    await status.waitFor();
    return status.innerText();
  }

  /** The sent list's "รับแล้ว n/m" of a document. */
  async receivedCount(subject: string): Promise<string> {
    await this.menu('หนังสือส่ง');
    const row = this.table('หนังสือส่ง').getByRole('row').filter({ hasText: subject });
    return row.locator('td.count').innerText();
  }

  /** The per-school table of a sent document: one array of cell texts per school. */
  async tracking(subject: string): Promise<string[][]> {
    await this.menu('หนังสือส่ง');
    await this.table('หนังสือส่ง').getByRole('link', { name: subject }).click();
    const rows = this.table('การรับหนังสือของสถานศึกษา').locator('tbody tr');
    await rows.first().waitFor();
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) out.push(await rows.nth(i).locator('td').allInnerTexts());
    return out;
  }
}
