// รับส่งหนังสือราชการ end to end: one real server process and three desktops (office, school A,
// school B), each a real register behind the HTTP host, driven in real Chromium. The office
// registers an outgoing letter and sends it with ส่ง ร.ร. to both schools; school A receives it
// and finds it in its register with its number; the office sees รับแล้ว 1/2 and A's number;
// school B is offline (not yet connected) and shows in the 3-day list (an injected clock, no
// sleeping); B comes online and receives; the office sees 2/2.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createOrg, startServer, type ServerProcess } from '../support/server/centralServer.js';
import { addSchool } from '../integration/distribution-support.js';
import { api } from './pages/api.js';
import { DistributionScreen } from './pages/DistributionScreen.js';
import { SarabanApp } from './pages/SarabanApp.js';
import { launchBrowser, screenshotPath } from './support/browser.js';
import { startE2EHost, type E2EHost } from './support/host.js';

let browser: Browser;
let server: ServerProcess;
const hosts: E2EHost[] = [];
let clock = Date.now();

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer({ databaseUrl: undefined })]);
});
afterAll(async () => {
  await browser?.close();
  for (const h of hosts) await h.dispose();
  await server?.stop();
});

async function desktop(): Promise<E2EHost> {
  const h = await startE2EHost({ now: () => new Date(clock) });
  hosts.push(h);
  return h;
}

test('office sends with ส่ง ร.ร.; school A receives into its register; B offline, then online; the office tracks 1/2 then 2/2', async () => {
  const { orgId: officeId, code: officeCode } = await createOrg(server, 'สพป.เชียงใหม่ เขต 5');
  const schoolA = await addSchool(server, officeId, '50010001', 'โรงเรียนบ้านห้วยปูลิง', { network: 'เครือข่ายแม่แจ่ม 1' });
  const schoolB = await addSchool(server, officeId, '50010002', 'โรงเรียนบ้านแม่ตื่น', { network: 'เครือข่ายอมก๋อย' });
  const [office, a, b] = [await desktop(), await desktop(), await desktop()] as [E2EHost, E2EHost, E2EHost];
  await api(office, 'sync.enrol', { serverUrl: server.url, code: officeCode, deviceName: 'สารบรรณ สพป.' });
  await api(a, 'sync.enrol', { serverUrl: server.url, code: schoolA.code, deviceName: 'ธุรการ ร.ร.ก' });
  await api(office, 'sync.now', {});

  const entry = await api(office, 'entries.create', {
    kind: 'outgoing',
    from: 'สพป.เชียงใหม่ เขต 5',
    to: 'ผู้อำนวยการโรงเรียนในสังกัด',
    docDate: '2023-11-16',
    subject: 'ขอเชิญประชุมผู้บริหารสถานศึกษา',
    circular: false,
  });

  // The office: the entry's details, ส่ง ร.ร., the form filled from the entry, ถึง all government schools.
  const clerk = await SarabanApp.open(browser, office);
  await clerk.page.setViewportSize({ width: 1366, height: 768 });
  await clerk.page.evaluate((id) => (window.location.hash = `#/register/outgoing/entry/${id}`), entry.id);
  await clerk.page.getByRole('link', { name: 'ส่ง ร.ร.', exact: true }).click();
  const form = clerk.page.getByRole('form', { name: 'ส่งหนังสือราชการ' });
  await form.waitFor();
  expect(await form.getByLabel('เรื่อง').inputValue()).toBe('ขอเชิญประชุมผู้บริหารสถานศึกษา');
  expect(await form.getByLabel('เลขที่หนังสือ').inputValue()).toBe(entry.docNo);
  await form.getByRole('button', { name: 'ตกลง' }).click();
  await clerk.page.getByRole('table', { name: 'การรับหนังสือของสถานศึกษา' }).waitFor();
  await api(office, 'sync.now', {});

  // School A: หนังสือรับ, ลงรับ: its own incoming register's next number.
  await api(a, 'sync.now', {});
  const schoolClerk = await SarabanApp.open(browser, a);
  const aScreen = await DistributionScreen.open(schoolClerk.page);
  expect(await aScreen.receive('ขอเชิญประชุมผู้บริหารสถานศึกษา')).toContain('ลงรับแล้ว เลขทะเบียนรับที่ 1/');
  const aRegister = await api(a, 'entries.list', { kind: 'incoming' });
  expect(JSON.stringify(aRegister)).toContain('ขอเชิญประชุมผู้บริหารสถานศึกษา');
  await api(a, 'sync.now', {});

  // The office: รับแล้ว 1/2 and school A's register number.
  await api(office, 'sync.now', {});
  const oScreen = await DistributionScreen.open(clerk.page);
  expect(await oScreen.receivedCount('ขอเชิญประชุมผู้บริหารสถานศึกษา')).toBe('รับแล้ว 1/2');
  const table = await oScreen.tracking('ขอเชิญประชุมผู้บริหารสถานศึกษา');
  expect(table.map((r) => [r[1], r[2], r[3], r[5]])).toEqual([
    ['50010001', 'โรงเรียนบ้านห้วยปูลิง', 'รับแล้ว', expect.stringMatching(/^1\/\d{4}$/)],
    ['50010002', 'โรงเรียนบ้านแม่ตื่น', 'ยังไม่รับ', ''],
  ]);
  await clerk.page.screenshot({ path: screenshotPath('dist-tracking') });

  // Four days later (the injected clock): B has not received it: it is on the 3-day list.
  clock += 4 * 24 * 3600_000;
  await oScreen.menu('หนังสือที่ยังไม่รับเกิน 3 วัน');
  const waiting = clerk.page.getByRole('table', { name: 'ยังไม่รับ: ขอเชิญประชุมผู้บริหารสถานศึกษา' });
  await waiting.waitFor();
  expect(await waiting.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining('โรงเรียนบ้านแม่ตื่น')]);

  // B comes online for the first time, receives; the office sees 2/2.
  await api(b, 'sync.enrol', { serverUrl: server.url, code: schoolB.code, deviceName: 'ธุรการ ร.ร.ข' });
  await api(b, 'sync.now', {});
  const bClerk = await SarabanApp.open(browser, b);
  const bScreen = await DistributionScreen.open(bClerk.page);
  expect(await bScreen.receive('ขอเชิญประชุมผู้บริหารสถานศึกษา')).toContain('เลขทะเบียนรับที่ 1/');
  await api(b, 'sync.now', {});
  await api(office, 'sync.now', {});
  expect(await oScreen.receivedCount('ขอเชิญประชุมผู้บริหารสถานศึกษา')).toBe('รับแล้ว 2/2');
  await oScreen.menu('หนังสือที่ยังไม่รับเกิน 3 วัน');
  await clerk.page.getByText('ไม่มีหนังสือที่ค้างรับเกิน 3 วัน').waitFor();
}, 240_000);
