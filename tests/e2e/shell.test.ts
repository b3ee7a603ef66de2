import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

let browser: Browser;
let app: E2EHost;
beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost();
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

test('the API refuses calls without the per-run token', async () => {
  const res = await fetch(`${app.host.url}api/app.info`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(401);
  const body = (await res.json()) as { ok: boolean };
  expect(body.ok).toBe(false);
});

test('the app opens in Thai with the office name', async () => {
  const page = await openPage(browser, app.url);
  await expect.poll(() => page.locator('header').innerText()).toContain('สำนักงานเขตพื้นที่การศึกษา');
  expect(page.url()).not.toContain('token=');
});

test('the address without its per-run link shows a Thai page that says to open the printed link, no login form', async () => {
  const page = await openPage(browser, app.host.url, { login: null });
  const card = page.getByRole('alert');
  await expect.poll(() => card.innerText()).toContain('กรุณาเปิดจากลิงก์ที่โปรแกรมพิมพ์ไว้');
  expect(await page.locator('input[type=password]').count()).toBe(0);
  // Nothing in English for the clerk (the address itself aside).
  expect((await page.locator('body').innerText()).replace(/http:\/\/127\.0\.0\.1/g, '')).not.toMatch(/token|login/i);
});
