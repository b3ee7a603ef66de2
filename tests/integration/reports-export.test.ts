// Excel and CSV exports read back: cells, real dates shown with the BE year, Thai text; and the
// receive stamp with its QR code, which the search resolves back to the entry.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openCore, type Core } from '../../src-main/core.js';
import { ChromiumPrinter } from '../../src-main/reports/chromium.js';
import { XLSX_BE_DATE_FORMAT } from '../../src-main/reports/exporters.js';
import { entryCode, findEntryByCode } from '../../src-main/reports/reportData.js';
import { ReportJobs } from '../../src-main/reports/reportJobs.js';
import { qrSvg } from '../../src-main/reports/stamp.js';
import { insertEntries } from '../../src-main/registers/entries.js';
import { runAsCaller, type CallContext } from '../../src-main/users/caller.js';
import type { Entry } from '../../src-shared/domain.js';
import { stampReportInput } from '../../src-shared/reportSchemas.js';
import { entryFields } from '../../src-shared/schemas.js';
import { tempDir } from '../support/core.js';
import { SCRIPT_SUBJECT, bytesOf, firstPagePng, fixtureRows, pdfPages, runJob, seedRegister, squash } from './reports-support.js';

let core: Core;
let printer: ChromiumPrinter;
let jobs: ReportJobs;
let dir: string;
let seeded: { script: Entry; cancelled: Entry };

beforeAll(() => {
  dir = tempDir('saraban-exports-');
  core = openCore({ dataDir: dir, now: () => new Date('2023-11-20T14:05:00+07:00') });
  seeded = seedRegister(core);
  printer = new ChromiumPrinter();
  jobs = new ReportJobs(core, printer);
});

afterAll(async () => {
  await printer.close();
  core.close();
});

const HEADERS = ['เลขทะเบียนรับ', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ'];

test('xlsx: one sheet with Thai headers, frozen header row, real date cells shown in BE, every row', async () => {
  const result = await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-11-01', to: '2023-11-30', groupId: null, format: 'xlsx' });
  // Named as a clerk names the file: BE year, Thai month.
  expect(result.fileName).toBe('ทะเบียนหนังสือรับ 1-30 พ.ย. 2566.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytesOf(result) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((s) => s.name)).toEqual(['ทะเบียนหนังสือรับ']);
  const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const fixtures = fixtureRows('incoming-2566.json');
  // 8 fixture rows + the markup subject + the cancelled one, in register order.
  expect(sheet.rowCount).toBe(1 + fixtures.length + 2);
  fixtures.forEach((f, i) => {
    const row = sheet.getRow(2 + i);
    expect(row.getCell(1).value).toBe(f.registerNo);
    expect(row.getCell(2).value).toBe(f.documentNo.replace(/^ที่\s*/, ''));
    expect(row.getCell(4).value).toBe(f.from);
    expect(row.getCell(6).value).toBe(f.subject);
    expect(String(row.getCell(7).value)).toContain(f.group);
  });
  const first = sheet.getRow(2).getCell(3);
  expect(first.value).toBeInstanceOf(Date);
  const date = first.value as Date;
  expect([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]).toEqual([2023, 11, 16]);
  // Thai locale with the Buddhist calendar (07): the cell is a date, Excel shows 2566.
  expect(first.numFmt).toBe(XLSX_BE_DATE_FORMAT);
  expect(first.numFmt).toContain('107041E');
  const script = sheet.getRow(2 + fixtures.length);
  expect(script.getCell(6).value).toBe(SCRIPT_SUBJECT);
  const cancelled = sheet.getRow(3 + fixtures.length);
  expect(String(cancelled.getCell(8).value)).toContain('ยกเลิก (ลงทะเบียนซ้ำ)');
  for (let c = 1; c <= HEADERS.length; c++) expect(sheet.getColumn(c).width ?? 0).toBeGreaterThanOrEqual(10);
  expect(sheet.getColumn(6).width).toBeGreaterThanOrEqual(50);
});

test('csv: UTF-8 with BOM, Thai headers and text, dates in Thai with the BE year', async () => {
  const result = await runJob(jobs, { type: 'register', kind: 'outgoing', from: '2023-11-16', to: '2023-11-16', groupId: null, format: 'csv' });
  expect(result.mimeType).toBe('text/csv;charset=utf-8');
  const bytes = bytesOf(result);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = Papa.parse<string[]>(bytes.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  expect(header).toEqual(['เลขทะเบียนส่ง', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ']);
  const fixtures = fixtureRows('outgoing-2566.json');
  expect(rows).toHaveLength(fixtures.length);
  fixtures.forEach((f, i) => {
    const row = rows[i] as string[];
    expect(row[0]).toBe(String(f.registerNo));
    expect(row[1]).toBe(f.documentNo.replace(/^ที่\s*/, ''));
    expect(row[2]).toBe('16 พ.ย. 2566');
    expect(row[4]).toBe(f.to);
    expect(row[5]).toBe(f.subject);
  });
});

test('csv: markup in a subject is kept as plain text', async () => {
  const result = await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-11-17', to: '2023-11-17', groupId: null, format: 'csv' });
  const text = bytesOf(result).toString('utf8');
  expect(text).toContain('<script>alert(""x"")</script>');
});

test('receive stamps: office, เลขรับ, วันที่, เวลา, one QR per entry that the search resolves', async () => {
  const ids = core.store
    .raw<{ id: string }>("SELECT id FROM entries WHERE kind = 'incoming' ORDER BY register_no")
    .map((r) => r.id)
    .slice(0, 3);
  const html = Buffer.from((await runJob(jobs, { type: 'stamps', ids, range: null, paper: 'label', format: 'html' })).base64, 'base64').toString('utf8');
  for (const id of ids) expect(html).toContain(`aria-label="${entryCode(id)}"`);
  expect(html.match(/<svg /g)).toHaveLength(3);
  expect(html).not.toContain('class="label used"');

  // A partly used label sheet: the clerk starts at label 5, the first four stay blank.
  const partly = Buffer.from((await runJob(jobs, { type: 'stamps', ids, range: null, paper: 'label', firstLabel: 5, format: 'html' })).base64, 'base64').toString('utf8');
  const order = [...partly.matchAll(/<div class="label( used)?"/g)].map((m) => (m[1] ? 'blank' : 'stamp'));
  expect(order).toEqual(['blank', 'blank', 'blank', 'blank', 'stamp', 'stamp', 'stamp']);
  const bad = stampReportInput.safeParse({ type: 'stamps', ids, paper: 'label', firstLabel: 25 });
  expect(bad.success ? '' : bad.error.issues[0]?.message).toBe('ดวงแรกต้องอยู่ระหว่าง 1 ถึง 24');

  const pdf = bytesOf(await runJob(jobs, { type: 'stamps', ids, range: null, paper: 'a4', format: 'pdf' }));
  const text = squash(pdfPages(pdf, dir).join(''));
  expect(text).toContain(squash('สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5'));
  for (const label of ['เลขรับ', 'วันที่', 'เวลา']) expect(text.split(label).length - 1).toBe(3);
  for (const no of [14527, 14528, 14529]) expect(text).toContain(String(no));
  expect(text).toContain('16พ.ย.2566');
  // The demo registers one entry a minute from 09:01.
  expect(text).toContain('09.01น.');
  firstPagePng(pdf, 'stamps');

  // What a USB scanner types: the code as is, or as Thai letters on a Thai keyboard layout.
  const id = ids[0] as string;
  expect(findEntryByCode(core.store, entryCode(id))).toMatchObject({ id, kind: 'incoming', registerNo: 14527 });
  const US_TO_KEDMANEE: Record<string, string> = {
    '1': 'ๅ', '2': '/', '3': '-', '4': 'ภ', '5': 'ถ', '6': 'ุ', '7': 'ึ', '8': 'ค', '9': 'ต', '0': 'จ', '-': 'ข',
    a: 'ฟ', b: 'ิ', c: 'แ', d: 'ก', e: 'ำ', f: 'ด', S: 'ฆ', R: 'ฑ', B: 'ฺ', ':': 'ซ',
  };
  const typedInThai = [...entryCode(id)].map((ch) => US_TO_KEDMANEE[ch] ?? ch).join('');
  expect(typedInThai).not.toContain(id);
  expect(findEntryByCode(core.store, typedInThai)?.id).toBe(id);
  expect(findEntryByCode(core.store, 'SRB:00000000-0000-4000-8000-000000000000')).toBeNull();
  expect(findEntryByCode(core.store, 'การเลื่อนวันหยุด')).toBeNull();
  expect(seeded.script.id).not.toBe(id);
});

test("a day's batch of stamps: the active incoming letters registered that day, in number order", async () => {
  const html = Buffer.from(
    (await runJob(jobs, { type: 'stamps', ids: [], range: { from: '2023-11-16', to: '2023-11-16', groupId: null }, paper: 'a4', format: 'html' })).base64,
    'base64',
  ).toString('utf8');
  const numbers = [...html.matchAll(/<span class="k">เลขรับ<\/span><span class="v">(\d+)<\/span>/g)].map((m) => Number(m[1]));
  expect(numbers).toEqual(fixtureRows('incoming-2566.json').map((r) => r.registerNo));
  // The 17th's cancelled entry gets no stamp.
  const next = Buffer.from(
    (await runJob(jobs, { type: 'stamps', ids: [], range: { from: '2023-11-17', to: '2023-11-17', groupId: null }, paper: 'a4', format: 'html' })).base64,
    'base64',
  ).toString('utf8');
  expect(next.match(/class="stamp"/g)).toHaveLength(1);
});

test('a secret letter is exported without its content for a user without the secret right', async () => {
  const ctx = core.writeContext(new Date('2023-11-21T09:00:00+07:00'));
  core.store.tx(() =>
    insertEntries(ctx, 'incoming', [
      entryFields.parse({ kind: 'incoming', docDate: '2023-11-21', from: 'กองทัพภาคที่ 3', to: 'สพป.', subject: 'เรื่องลับเฉพาะกิจ', secrecy: 'secret' }),
    ]),
  );
  const request = { type: 'register', kind: 'incoming', from: '2023-11-21', to: '2023-11-21', groupId: null, format: 'csv' } as const;
  const withoutRight: CallContext = { sessionId: null, user: null, canSeeSecret: false, channel: { sessionId: null }, expired: false };
  const hidden = bytesOf(await runAsCaller(withoutRight, () => runJob(jobs, request))).toString('utf8');
  expect(hidden).not.toContain('เรื่องลับเฉพาะกิจ');
  expect(hidden).not.toContain('กองทัพภาคที่ 3');
  expect(hidden).toContain(',ลับ,');
  const html = Buffer.from((await runAsCaller(withoutRight, () => runJob(jobs, { ...request, format: 'html' }))).base64, 'base64').toString('utf8');
  expect(html).not.toContain('เรื่องลับเฉพาะกิจ');
  // The app's own work (and a user with the right) sees it.
  expect(bytesOf(await runJob(jobs, request)).toString('utf8')).toContain('เรื่องลับเฉพาะกิจ');
});

test('the QR code is a real QR symbol of the entry code', () => {
  const svg = qrSvg('SRB:0b8e7a52-3d43-4a4e-9a53-2a3c1c1f0e11', 15);
  expect(svg).toMatch(/^<svg [^>]*width="15mm"/);
  // Version 3 (29 modules) + quiet zone of 2 on each side.
  expect(svg).toContain('viewBox="0 0 33 33"');
  expect((svg.match(/h1v1h-1z/g) ?? []).length).toBeGreaterThan(200);
});

test('ทะเบียนหนังสือส่ง: circulars print with their ว number, together by date or each series on its own', async () => {
  const ctx = core.writeContext(new Date('2023-11-21T09:00:00+07:00'));
  const letter = (subject: string, circular: boolean) =>
    entryFields.parse({ kind: 'outgoing', docDate: '2023-11-21', from: 'สพป.เชียงใหม่ เขต 5', to: 'โรงเรียนในสังกัด', subject, circular });
  for (const [subject, circular] of [['เวียนแรก', true], ['ส่งปกติ', false], ['เวียนที่สอง', true]] as const) {
    core.store.tx(() => insertEntries(ctx, 'outgoing', [letter(subject, circular)]));
    ctx.now = new Date(ctx.now.getTime() + 60_000);
  }
  const csv = async (series: 'all' | 'normal' | 'circular') => {
    const r = await runJob(jobs, { type: 'register', kind: 'outgoing', from: '2023-11-21', to: '2023-11-21', groupId: null, series, format: 'csv' });
    const rows = Papa.parse<string[]>(bytesOf(r).toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.slice(1);
    return { name: r.fileName, rows: rows.map((row) => [row[0], row[1], row[5]]) };
  };
  expect(await csv('all')).toEqual({
    name: 'ทะเบียนหนังสือส่ง 21 พ.ย. 2566.csv',
    rows: [
      ['ว 1', 'ศธ04051/ว 1', 'เวียนแรก'],
      ['3965', 'ศธ04051/3965', 'ส่งปกติ'],
      ['ว 2', 'ศธ04051/ว 2', 'เวียนที่สอง'],
    ],
  });
  expect(await csv('circular')).toEqual({
    name: 'ทะเบียนหนังสือเวียน 21 พ.ย. 2566.csv',
    rows: [
      ['ว 1', 'ศธ04051/ว 1', 'เวียนแรก'],
      ['ว 2', 'ศธ04051/ว 2', 'เวียนที่สอง'],
    ],
  });
  expect((await csv('normal')).rows).toEqual([['3965', 'ศธ04051/3965', 'ส่งปกติ']]);
});
