// Issue 14, reproduction 1, in a real browser: a clerk without the secret right opens a letter
// marked ลับ. The details page must not offer แก้ไข, ยกเลิกรายการนี้, เพิ่มไฟล์แนบ… or ตอบหนังสือรับ
// (a form filled with the hidden placeholders would save "ลับ" over the real subject), the edit
// address typed by hand shows a refusal instead of the form, and a call forced past the UI is
// refused by the core, leaving the letter unchanged.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createEntry } from '../../src-main/registers/entries.js';
import { createUserDirect } from '../../src-main/users/users.js';
import type { Entry } from '../../src-shared/domain.js';
import { entryFields } from '../../src-shared/schemas.js';
import { incoming } from '../support/entries.js';
import { launchBrowser, openPage } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

let browser: Browser;
let app: E2EHost;
let secret: Entry;
let open: Entry;
const CLERK = { username: 'clerk-nosecret', password: 'clerk-password-1' };
const REAL_SUBJECT = 'แผนการตรวจสอบภายในประจำปี (ลับ)';

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startE2EHost({ now: () => new Date('2023-11-16T10:00:00+07:00') });
  const ctx = app.core.writeContext();
  secret = createEntry(ctx, entryFields.parse(incoming(REAL_SUBJECT, { secrecy: 'secret' })));
  open = createEntry(ctx, entryFields.parse(incoming('หนังสือทั่วไปที่แก้ไขได้')));
  await createUserDirect(app.core, { username: CLERK.username, displayName: 'นายเสมียน ไม่มีสิทธิ์ลับ', role: 'clerk', canSeeSecret: false, password: CLERK.password });
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

async function openDetails(page: Page, e: Entry): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), `#/register/incoming/entry/${encodeURIComponent(e.id)}`);
  await page.locator('table.fields').waitFor();
  await page.locator('section.attachment-list').waitFor();
}

/** What the core answers this tab's own session when it forces an edit past the UI. */
function forceEdit(page: Page, e: Entry): Promise<{ ok: boolean; code?: string }> {
  return page.evaluate(
    async ({ id, version }) => {
      const res = await fetch('./api/entries.update', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-saraban-token': sessionStorage.getItem('saraban.token') ?? '',
          'x-saraban-session': sessionStorage.getItem('saraban.session') ?? '',
        },
        body: JSON.stringify({
          id,
          expectedVersion: version,
          fields: { kind: 'incoming', from: 'กรอกเอง', to: 'กรอกเอง', docNo: 'ที่ ชม 0017.3/ว35614', docDate: '2023-11-16', subject: 'ลับ', secrecy: 'secret' },
        }),
      });
      const r = (await res.json()) as { ok: boolean; error?: { code: string } };
      return r.ok ? { ok: true } : { ok: false, code: r.error?.code ?? '' };
    },
    { id: e.id, version: e.version },
  );
}

test('a clerk without the secret right is offered no change on a ลับ letter, and a forced edit is refused', async () => {
  const page = await openPage(browser, app.url, { login: CLERK });

  // The ordinary letter: the same clerk is offered the changes (so the check below means something).
  await openDetails(page, open);
  await page.getByRole('link', { name: 'แก้ไข', exact: true }).waitFor();
  expect(await page.getByRole('button', { name: 'ยกเลิกรายการนี้' }).count()).toBe(1);

  // The ลับ letter: its content is hidden, and nothing that changes it is offered.
  await openDetails(page, secret);
  expect(await page.locator('table.fields').innerText()).not.toContain(REAL_SUBJECT);
  await page.getByRole('note').filter({ hasText: 'ไม่มีสิทธิ์ดูเนื้อหาหนังสือลับ' }).waitFor();
  for (const name of ['แก้ไข', 'ตอบหนังสือรับ']) expect(await page.getByRole('link', { name, exact: true }).count()).toBe(0);
  for (const name of ['ยกเลิกรายการนี้', 'เพิ่มไฟล์แนบ…']) expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);

  // The edit address typed by hand: a refusal, not a form filled with the placeholders.
  await page.evaluate((hash) => (location.hash = hash), `#/register/incoming/entry/${encodeURIComponent(secret.id)}/edit`);
  await page.getByRole('alert').filter({ hasText: 'แก้ไขไม่ได้' }).waitFor();
  expect(await page.locator('form.entry-form').count()).toBe(0);

  // Forced past the UI: the core refuses, and the letter keeps its real subject and version.
  const forced = await forceEdit(page, secret);
  expect(forced.ok).toBe(false);
  const stored = app.core.store.raw<{ subject: string; version: number }>('SELECT subject, version FROM entries WHERE id = ?', [secret.id])[0];
  expect(stored).toEqual({ subject: REAL_SUBJECT, version: 1 });
});
