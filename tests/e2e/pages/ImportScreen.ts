// Page object for ตั้งค่าระบบ › นำเข้าข้อมูล: pick the AMSS++ dump, type the AMSS++ folder, check
// (the preview), confirm, and read the progress and the result.
import type { Locator, Page } from 'playwright-core';
import type { SettingsScreen } from './SarabanApp.js';

export class ImportScreen {
  constructor(readonly page: Page) {}

  static async open(settings: SettingsScreen): Promise<ImportScreen> {
    await settings.tab('นำเข้าข้อมูล');
    const screen = new ImportScreen(settings.page);
    await screen.panel().waitFor();
    return screen;
  }

  panel(): Locator {
    return this.page.getByRole('region', { name: 'นำเข้าข้อมูล' });
  }

  async chooseDump(path: string): Promise<void> {
    // The file dialog itself is the system's: the file goes to the hidden input behind เลือกไฟล์….
    await this.panel().locator('#import-dump').setInputFiles(path);
  }

  /** Types the AMSS++ folder and presses Enter there: the check starts from the keyboard. */
  async checkWithFolder(folder: string): Promise<void> {
    const field = this.panel().getByLabel('โฟลเดอร์ของ AMSS++ ในเครื่องนี้', { exact: true });
    await field.fill(folder);
    await field.press('Enter');
  }

  preview(): Locator {
    return this.panel().getByRole('region', { name: 'ผลการตรวจ' });
  }

  /** The preview's row for a register and year, by its cells. */
  async bookRow(book: string, year: number): Promise<string[]> {
    const row = this.preview().locator('table.import-books tbody tr', { has: this.page.getByRole('cell', { name: book, exact: true }) }).filter({ has: this.page.getByRole('cell', { name: String(year), exact: true }) });
    return row.locator('td').allInnerTexts();
  }

  confirmButton(): Locator {
    return this.panel().getByRole('button', { name: /^ยืนยันนำเข้า/ });
  }

  result(): Locator {
    return this.panel().locator('.import-result');
  }

  error(): Locator {
    return this.panel().getByRole('alert');
  }

  /** Starts keeping every progress text the panel shows (they come and go within a second). */
  async recordProgress(): Promise<() => Promise<string[]>> {
    await this.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __importProgress: string[] }).__importProgress = seen;
      const panel = document.querySelector('section.import-panel');
      if (!panel) throw new Error('no import panel');
      new MutationObserver(() => {
        for (const el of panel.querySelectorAll('[role="status"][aria-live]')) {
          const t = el.textContent ?? '';
          if (t && seen[seen.length - 1] !== t) seen.push(t);
        }
      }).observe(panel, { childList: true, subtree: true, characterData: true });
    });
    return () => this.page.evaluate(() => (window as unknown as { __importProgress: string[] }).__importProgress);
  }
}
