// The printed registers, rendered by real headless Chromium and read back with pdftotext.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCore, type Core } from '../../src-main/core.js';
import { insertEntries } from '../../src-main/registers/entries.js';
import { getGroup } from '../../src-main/registers/office.js';
import { ChromiumPrinter } from '../../src-main/reports/chromium.js';
import { savePrintSettings } from '../../src-main/reports/reportData.js';
import { ReportJobs } from '../../src-main/reports/reportJobs.js';
import { DEFAULT_PRINT_SETTINGS } from '../../src-shared/reportSchemas.js';
import { entryFields } from '../../src-shared/schemas.js';
import { tempDir } from '../support/core.js';
import {
  SCRIPT_SUBJECT,
  bytesOf,
  firstPagePng,
  fixtureRows,
  pdfFonts,
  pdfPages,
  runJob,
  seedRegister,
  squash,
} from './reports-support.js';
import { waitFor } from '../support/waitFor.js';

let core: Core;
let printer: ChromiumPrinter;
let jobs: ReportJobs;
let dir: string;

beforeAll(() => {
  dir = tempDir('saraban-reports-');
  core = openCore({ dataDir: dir, now: () => new Date('2023-11-20T14:05:00+07:00') });
  seedRegister(core);
  printer = new ChromiumPrinter();
  jobs = new ReportJobs(core, printer);
});

afterAll(async () => {
  await printer.close();
  core.close();
});

describe('ทะเบียนหนังสือรับ', () => {
  test('one day prints every fixture row with its Thai text, the period and "หน้า x/y"', async () => {
    const result = await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-11-16', to: '2023-11-16', groupId: null, format: 'pdf' });
    expect(result.mimeType).toBe('application/pdf');
    expect(result.fileName).toBe('ทะเบียนหนังสือรับ 16 พ.ย. 2566.pdf');
    const pdf = bytesOf(result);
    const pages = pdfPages(pdf, dir);
    const page = squash(pages.join(''));
    expect(page).toContain('ทะเบียนหนังสือรับ');
    expect(page).toContain(squash('สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5'));
    expect(page).toContain(squash('วันที่ 16 พฤศจิกายน 2566'));
    pages.forEach((p, i) => expect(squash(p)).toContain(`หน้า${i + 1}/${pages.length}`));
    for (const header of ['เลขทะเบียนรับ', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ']) expect(page).toContain(header);
    const rows = fixtureRows('incoming-2566.json');
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(page).toContain(String(row.registerNo));
      expect(page).toContain(squash(row.documentNo.replace(/^ที่\s*/, '')));
      expect(page).toContain(squash(row.subject));
      expect(page).toContain(squash(row.from));
      // การปฏิบัติ: the group and the person to act.
      expect(page).toContain(squash(row.group));
      if (row.person) expect(page).toContain(squash(row.person));
    }
    // Surnames are not split by the dictionary line breaker ("กา / ระบูรณ์", "กิ / ติตุ้ย").
    const text = pages.join('\n');
    for (const surname of ['การะบูรณ์', 'กิติตุ้ย', 'ขันตั้ง']) expect(text).toContain(surname);
    // ...and a name that fits its column is not wrapped early.
    expect(text).toContain('นางสาวสมฤดี ขันตั้ง');
    // A long document number wraps at its space, / or ., never inside a run of digits.
    const spaced = text.replace(/\s+/g, ' ');
    for (const row of rows) {
      for (const part of row.documentNo.replace(/^ที่\s*/, '').split(/[/.]/)) expect(spaced, row.documentNo).toContain(part.trim());
    }
    // Only that day: the 17th's entries are not in it.
    expect(page).not.toContain('รายการที่ลงซ้ำ');
    // Sarabun is embedded (no system font), and Thai is not replaced by missing-glyph boxes.
    const fonts = pdfFonts(pdf, dir);
    expect(fonts).toMatch(/Sarabun-Regular\s+CID TrueType\s+Identity-H\s+yes yes/);
    expect(fonts).not.toMatch(/Noto|DejaVu|Liberation/);
    expect(pages.join('')).not.toContain('\u25CC');
    expect(existsSync(firstPagePng(pdf, 'incoming'))).toBe(true);
  });

  test('a subject with <script> is printed as text; cancelled entries print marked ยกเลิก', async () => {
    const result = await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-11-17', to: '2023-11-17', groupId: null, format: 'pdf' });
    const page = squash(pdfPages(bytesOf(result), dir).join(''));
    expect(page).toContain(squash(SCRIPT_SUBJECT));
    expect(page).toContain('ด่วนที่สุด');
    expect(page).toContain('รายการที่ลงซ้ำ');
    expect(page).toContain(squash('ยกเลิก (ลงทะเบียนซ้ำ)'));

    const html = Buffer.from(
      (await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-11-17', to: '2023-11-17', groupId: null, format: 'html' })).base64,
      'base64',
    ).toString('utf8');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  test('the settings: Thai digits, no cancelled entries, a group, a month', async () => {
    savePrintSettings(core.store, { ...DEFAULT_PRINT_SETTINGS, digits: 'thai', includeCancelled: false, orientation: 'portrait' });
    try {
      const month = await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-11-01', to: '2023-11-30', groupId: null, format: 'pdf' });
      const monthPages = pdfPages(bytesOf(month), dir);
      const page = squash(monthPages.join(''));
      expect(page).toContain(squash('ประจำเดือนพฤศจิกายน ๒๕๖๖'));
      expect(page).toContain('๑๔๕๒๗');
      // The month's 10 letters fit one portrait page (ถึง is the office on every row: left out).
      expect(monthPages.length).toBe(1);
      expect(page).toContain('หน้า๑/๑');
      expect(page).not.toContain('รายการที่ลงซ้ำ');
      expect(page).toContain(squash(SCRIPT_SUBJECT));

      const rows = fixtureRows('incoming-2566.json');
      const group = getGroup(core.store, 1);
      expect(group).toBeDefined();
      const groupId = (group as { id: number }).id;
      const inGroup = rows.filter((r) => r.group === group?.name);
      const others = rows.filter((r) => r.group !== group?.name);
      expect(inGroup.length).toBeGreaterThan(0);
      expect(others.length).toBeGreaterThan(0);
      const byGroup = squash(
        pdfPages(bytesOf(await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-01-01', to: '2023-12-31', groupId, format: 'pdf' })), dir).join(''),
      );
      expect(byGroup).toContain(squash('ประจำปี พ.ศ. ๒๕๖๖'));
      expect(byGroup).toContain(squash(`กลุ่มปฏิบัติ: ${group?.name ?? ''}`));
      for (const r of inGroup) expect(byGroup).toContain(squash(r.subject));
      for (const r of others) expect(byGroup).not.toContain(squash(r.subject));
    } finally {
      savePrintSettings(core.store, DEFAULT_PRINT_SETTINGS);
    }
  });
});

test('ทะเบียนหนังสือส่ง prints its form with เลขทะเบียนส่ง and every fixture row', async () => {
  const result = await runJob(jobs, { type: 'register', kind: 'outgoing', from: '2023-11-10', to: '2023-11-20', groupId: null, format: 'pdf' });
  const pdf = bytesOf(result);
  const page = squash(pdfPages(pdf, dir).join(''));
  expect(page).toContain('ทะเบียนหนังสือส่ง');
  expect(page).toContain('เลขทะเบียนส่ง');
  expect(page).toContain(squash('ระหว่างวันที่ 10 พฤศจิกายน 2566 ถึงวันที่ 20 พฤศจิกายน 2566'));
  for (const row of fixtureRows('outgoing-2566.json')) {
    expect(page).toContain(squash(row.documentNo.replace(/^ที่\s*/, '')));
    expect(page).toContain(squash(row.subject));
    expect(page).toContain(squash(row.to));
  }
  firstPagePng(pdf, 'outgoing');
});

test('orders and certificates print their own lists', async () => {
  const ctx = core.writeContext(new Date('2023-11-18T11:00:00+07:00'));
  core.store.tx(() => {
    insertEntries(ctx, 'order', [entryFields.parse({ kind: 'order', docDate: '2023-11-18', subject: 'แต่งตั้งคณะกรรมการตรวจรับพัสดุ', signer: 'นายสมชาย ผู้อำนวยการ' })]);
    insertEntries(ctx, 'certificate', [
      entryFields.parse({ kind: 'certificate', docDate: '2023-11-18', subject: 'โครงการยอดนักอ่าน', recipient: 'เด็กหญิงมานี มีนา', signer: 'นายสมชาย' }),
    ]);
  });
  const order = bytesOf(await runJob(jobs, { type: 'register', kind: 'order', from: '2023-11-18', to: '2023-11-18', groupId: null, format: 'pdf' }));
  const orderText = squash(pdfPages(order, dir).join(''));
  expect(orderText).toContain('ทะเบียนคำสั่ง');
  expect(orderText).toContain('คำสั่งที่');
  expect(orderText).toContain('1/2566');
  expect(orderText).toContain(squash('แต่งตั้งคณะกรรมการตรวจรับพัสดุ'));
  expect(orderText).toContain(squash('นายสมชาย ผู้อำนวยการ'));
  firstPagePng(order, 'order');
  const cert = bytesOf(await runJob(jobs, { type: 'register', kind: 'certificate', from: '2023-11-18', to: '2023-11-18', groupId: null, format: 'pdf' }));
  const certText = squash(pdfPages(cert, dir).join(''));
  expect(certText).toContain('ทะเบียนเกียรติบัตร');
  expect(certText).toContain('ชื่อผู้ได้รับ');
  expect(certText).toContain(squash('เด็กหญิงมานี มีนา'));
  expect(certText).toContain(squash('โครงการยอดนักอ่าน'));
  firstPagePng(cert, 'certificate');
});

test('2,000 rows: the header on every page, no row split across pages, "หน้า x/y" right', async () => {
  const ctx = core.writeContext(new Date('2023-12-01T08:30:00+07:00'));
  const long = 'การย้ายข้าราชการครูและบุคลากรทางการศึกษา ตำแหน่งครู สังกัดสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน';
  const list = Array.from({ length: 2000 }, (_, i) =>
    entryFields.parse({
      kind: 'incoming',
      docDate: '2023-12-01',
      docNo: `ที่ ศธ 04051/${i + 1}`,
      from: 'บ้านห่างหลวง',
      to: 'สพป.เชียงใหม่ เขต 5',
      // Every third subject wraps over several lines; the markers open and close the row.
      subject: `เริ่ม${i + 1}ต้น ${i % 3 === 0 ? `${long} ${long}` : 'ส่งรายงาน'} ท้าย${i + 1}จบ`,
      remark: `หมายเหตุ${i + 1}ปิด`,
    }),
  );
  core.store.tx(() => insertEntries(ctx, 'incoming', list));
  const pdf = bytesOf(await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-12-01', to: '2023-12-01', groupId: null, format: 'pdf' }));
  firstPagePng(pdf, 'incoming-2000');
  const pages = pdfPages(pdf, dir).map(squash);
  expect(pages.length).toBeGreaterThan(40);
  const where = (marker: string): number[] => pages.flatMap((p, i) => (p.includes(marker) ? [i] : []));
  pages.forEach((p, i) => {
    for (const header of ['เลขทะเบียนรับ', 'ลงวันที่', 'การปฏิบัติ', 'หมายเหตุ']) expect(p, `page ${i + 1}`).toContain(header);
    expect(p).toContain(`หน้า${i + 1}/${pages.length}`);
  });
  for (let n = 1; n <= 2000; n++) {
    // The markers end in Thai letters so "เริ่ม1ต้น" never matches inside "เริ่ม12ต้น".
    const start = where(`เริ่ม${n}ต้น`);
    expect(start, `row ${n}`).toHaveLength(1);
    expect(where(`ท้าย${n}จบ`), `row ${n} split`).toEqual(start);
    expect(where(`หมายเหตุ${n}ปิด`), `row ${n} split`).toEqual(start);
  }

  // The in-app preview of so many rows shows the first 500 and says so; the PDF above has all.
  const preview = await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-12-01', to: '2023-12-01', groupId: null, format: 'html' });
  const html = Buffer.from(preview.base64, 'base64').toString('utf8');
  expect(preview.rows).toBe(500);
  expect(html.match(/<tr data-no=/g)).toHaveLength(500);
  expect(html).toContain('ตัวอย่างแสดง 500 รายการแรก จากทั้งหมด 2,000 รายการ');
});

test('a range too large for the print dialog asks, in Thai, for a PDF instead', async () => {
  const ctx = core.writeContext(new Date('2023-12-01T16:00:00+07:00'));
  const more = Array.from({ length: 2001 }, (_, i) =>
    entryFields.parse({ kind: 'incoming', docDate: '2023-12-01', from: 'บ้านพุย', to: 'สพป.', subject: `ส่งรายงานชุดที่สอง ${i + 1}` }),
  );
  core.store.tx(() => insertEntries(ctx, 'incoming', more));
  const { jobId } = jobs.start({ type: 'register', kind: 'incoming', from: '2023-12-01', to: '2023-12-01', groupId: null, format: 'print' });
  const status = await jobs.wait(jobId);
  expect(status.state).toBe('failed');
  expect(status.message).toContain('กรุณาบันทึกเป็น PDF');
  expect(status.message).toContain('4,001');
});

test('Chromium gone in the middle of a chunked PDF: the job fails in Thai, nothing left hanging', async () => {
  const doomed = new ChromiumPrinter();
  const doomedJobs = new ReportJobs(core, doomed);
  const { jobId } = doomedJobs.start({ type: 'register', kind: 'incoming', from: '2023-12-01', to: '2023-12-01', groupId: null, format: 'pdf' });
  await waitFor('the job to reach the PDF step', () => {
    const s = doomedJobs.status(jobId);
    return s.state !== 'running' || s.message.startsWith('กำลังสร้าง PDF');
  }, { intervalMs: 5 });
  await doomed.close();
  const status = await doomedJobs.wait(jobId);
  expect(status.state).toBe('failed');
  expect(status.message).toBe('สร้างรายงานไม่สำเร็จ กรุณาลองใหม่');
  expect(() => doomedJobs.result(jobId)).toThrow('สร้างรายงานไม่สำเร็จ');
});
