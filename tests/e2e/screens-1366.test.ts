// The most common office screen, 1366x768, and the same at Windows' 125 % scaling (1093x614 CSS
// px): every screen's primary action and its feedback are inside the window without scrolling
// the dialog. Screenshots go to test-results/screens-1366/ to be looked at by a person.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from './pages/api.js';
import { launchBrowser, loginThroughForm } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

const NOW = new Date('2023-11-16T15:00:00+07:00');
const SHOTS = join(process.cwd(), 'test-results', 'screens-1366');
const VIEWPORTS = [
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1093x614', width: 1093, height: 614 },
] as const;

let browser: Browser;
let app: E2EHost;
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
  app = await startE2EHost({ now: () => NOW });
  await api(app, 'demo.load', {});
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

async function openAt(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'th-TH', timezoneId: 'Asia/Bangkok' });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(app.url);
  await loginThroughForm(page);
  return page;
}

/** Fully inside the window as it is (nothing scrolled). */
async function expectInView(page: Page, what: Locator, label: string): Promise<void> {
  const box = await what.boundingBox();
  const size = page.viewportSize();
  expect(box, label).not.toBeNull();
  if (!box || !size) return;
  expect(box.y, `${label}: top`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${label}: right`).toBeLessThanOrEqual(size.width);
  expect(box.y + box.height, `${label}: bottom`).toBeLessThanOrEqual(size.height - 6);
}

for (const vp of VIEWPORTS) {
  describe(`at ${vp.name}`, () => {
    test('the incoming form: ตกลง is inside the window, off the bottom edge', async () => {
      const page = await openAt(vp);
      await page.goto(`${app.url.replace(/\?.*$/, '')}#/register/incoming/new`);
      const ok = page.getByRole('button', { name: 'ตกลง' });
      await ok.waitFor();
      await expectInView(page, ok, 'ตกลง');
      await page.screenshot({ path: join(SHOTS, `incoming-form-${vp.name}.png`) });
      await page.context().close();
    });

    test('the print dialog: dates on one line, the stamp section, the preview scaled to fit, the saved message in view', async () => {
      const page = await openAt(vp);
      await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'ทะเบียนหนังสือรับ', exact: true }).click();
      await page.getByRole('button', { name: 'พิมพ์ทะเบียน' }).click();
      const dialog = page.getByRole('dialog', { name: 'พิมพ์ทะเบียน' });
      await dialog.waitFor();
      const from = await dialog.locator('#pd-from').boundingBox();
      const to = await dialog.locator('#pd-to').boundingBox();
      expect(Math.abs((from?.y ?? 0) - (to?.y ?? 100))).toBeLessThan(4);
      await expectInView(page, dialog.getByRole('group', { name: /ตรารับหนังสือ/ }), 'ตรารับหนังสือ');
      await expectInView(page, dialog.getByLabel('กระดาษตรารับ'), 'กระดาษตรารับ');
      const preview = dialog.getByRole('button', { name: 'ดูตัวอย่างก่อนพิมพ์' });
      await expectInView(page, preview, 'ดูตัวอย่างก่อนพิมพ์');

      await dialog.getByRole('radio', { name: 'วันนี้' }).check();
      await preview.click();
      const frame = dialog.locator('iframe[title="ตัวอย่างก่อนพิมพ์"]');
      await frame.waitFor();
      await expect.poll(() => dialog.getByTestId('print-notice').count()).toBe(1);
      await expectInView(page, dialog.getByTestId('print-notice'), 'ดูตัวอย่าง: จำนวนรายการ');
      // A4 landscape scaled to the preview's width: every column through หมายเหตุ is visible.
      const fit = await frame.evaluate(async (el: HTMLIFrameElement) => {
        await new Promise((r) => setTimeout(r, 300));
        const doc = el.contentDocument as Document;
        const th = [...doc.querySelectorAll('th')].pop() as HTMLElement;
        const frameBox = el.getBoundingClientRect();
        const zoom = Number(getComputedStyle(doc.documentElement).zoom || '1');
        return { right: th.getBoundingClientRect().right * zoom, width: frameBox.width };
      });
      expect(fit.right).toBeLessThanOrEqual(fit.width);

      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'บันทึกเป็น PDF' }).click()]);
      expect(download.suggestedFilename()).toBe('ทะเบียนหนังสือรับ 16 พ.ย. 2566.pdf');
      await expect.poll(() => dialog.getByTestId('print-notice').innerText()).toContain('บันทึกไฟล์');
      await expectInView(page, dialog.getByTestId('print-notice'), 'บันทึกไฟล์แล้ว');
      await page.screenshot({ path: join(SHOTS, `print-dialog-${vp.name}.png`) });
      await page.context().close();
    });
  });
}
