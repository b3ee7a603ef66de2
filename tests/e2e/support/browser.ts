// Debian's Chromium driven by playwright-core: never a downloaded browser. The same launcher
// (and flags) as the app's own report printer.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../src-main/reports/chromium.js';
import { E2E_ADMIN } from './host.js';

/** Where the e2e tests leave their screenshots for a person to look at (test-results/, git-ignored). */
export function screenshotPath(name: string): string {
  return join(process.cwd(), 'test-results', 'screens', `${name}.png`);
}

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export interface Credentials {
  username: string;
  password: string;
}

/** Fills the real login form (ชื่อผู้ใช้, รหัสผ่าน, เข้าสู่ระบบ) and waits for the app. */
export async function loginThroughForm(page: Page, who: Credentials = E2E_ADMIN): Promise<void> {
  await page.getByLabel('ชื่อผู้ใช้', { exact: true }).fill(who.username);
  await page.getByLabel('รหัสผ่าน', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await page.locator('header.app-header').waitFor();
}

/**
 * A page that fails the test on any uncaught error in the app. When the login screen appears,
 * logs in as `login` (default: the e2e admin); `login: null` leaves the page where it opened.
 */
export async function openPage(browser: Browser, url: string, opts: { login?: Credentials | null } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'th-TH', timezoneId: 'Asia/Bangkok' });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(url);
  const login = opts.login === undefined ? E2E_ADMIN : opts.login;
  if (login) {
    const form = page.getByRole('form', { name: 'เข้าสู่ระบบ' });
    const app = page.locator('header.app-header');
    await form.or(app).first().waitFor();
    if (await form.isVisible()) await loginThroughForm(page, login);
  }
  return page;
}
