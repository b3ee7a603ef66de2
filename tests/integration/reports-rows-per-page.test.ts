// A day's letters on few pages: 300 incoming letters made from the demo rows, printed to a real
// PDF by headless Chromium on A4 landscape with the regulation's columns, read back with
// pdftotext. ถึง is the office itself on every row, so it is left out and the heading says so.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openCore, type Core } from '../../src-main/core.js';
import { loadDemo } from '../../src-main/registers/demo.js';
import { insertEntries } from '../../src-main/registers/entries.js';
import { listGroups, listPeople } from '../../src-main/registers/office.js';
import { ChromiumPrinter } from '../../src-main/reports/chromium.js';
import { ReportJobs } from '../../src-main/reports/reportJobs.js';
import { sharedFixturesDir } from '../../src-main/paths.js';
import { entryFields } from '../../src-shared/schemas.js';
import { tempDir } from '../support/core.js';
import { bytesOf, firstPagePng, fixtureRows, pdfPages, runJob, squash } from './reports-support.js';

let core: Core;
let printer: ChromiumPrinter;
let jobs: ReportJobs;
let dir: string;
const LETTERS = 300;

beforeAll(() => {
  dir = tempDir('saraban-rows-');
  core = openCore({ dataDir: dir, now: () => new Date('2023-11-20T14:05:00+07:00') });
  loadDemo(core, sharedFixturesDir() ?? undefined);
  const groups = new Map(listGroups(core.store, true).map((g) => [g.name, g.id]));
  const people = new Map(listPeople(core.store, true).map((p) => [`${p.groupId}:${p.name}`, p.id]));
  const rows = fixtureRows('incoming-2566.json');
  const fields = Array.from({ length: LETTERS }, (_, i) => {
    const r = rows[i % rows.length] as (typeof rows)[number];
    const groupId = groups.get(r.group) ?? null;
    return entryFields.parse({
      kind: 'incoming',
      docNo: r.documentNo,
      docDate: '2023-11-17',
      from: r.from,
      to: r.to,
      subject: r.subject,
      groupId,
      personId: r.person && groupId !== null ? (people.get(`${groupId}:${r.person}`) ?? null) : null,
    });
  });
  core.store.tx(() => insertEntries(core.writeContext(new Date('2023-11-17T09:00:00+07:00')), 'incoming', fields));
  printer = new ChromiumPrinter();
  jobs = new ReportJobs(core, printer);
});

afterAll(async () => {
  await printer.close();
  core.close();
});

test('a 300-letter register prints at least 14 letters a page on A4 landscape', async () => {
  const result = await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-11-17', to: '2023-11-17', groupId: null, format: 'pdf' });
  expect(result.fileName).toBe('ทะเบียนหนังสือรับ 17 พ.ย. 2566.pdf');
  const pdf = bytesOf(result);
  const pages = pdfPages(pdf, dir);
  firstPagePng(pdf, 'register-300-letters');
  // Every letter once, each on one page (a row never splits): its register number 14535…14834.
  const first = 14535;
  const perPage = pages.map((p) => new Set([...p.matchAll(/\b(1[45]\d{3})\b/g)].map((m) => Number(m[1])).filter((n) => n >= first && n < first + LETTERS)).size);
  expect(perPage.reduce((a, b) => a + b, 0)).toBe(LETTERS);
  const average = LETTERS / pages.length;
  console.log(`rows per page: ${perPage.join(', ')} (average ${average.toFixed(1)} over ${pages.length} pages)`);
  expect(average).toBeGreaterThanOrEqual(14);
  // ถึง: every row is the office, so the heading says so instead of a column of the same name.
  const text = squash(pages[0] ?? '');
  expect(text).toContain(squash('ถึง สพป.เชียงใหม่ เขต 5 ทุกรายการ'));
  for (const header of ['เลขทะเบียนรับ', 'ที่', 'ลงวันที่', 'จาก', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ']) expect(text).toContain(header);
});

test('ถึง prints the office as its short name when other recipients share the day', async () => {
  const letter = (to: string, subject: string) => entryFields.parse({ kind: 'incoming', docNo: 'ที่ ศธ 04051.1/9', docDate: '2023-11-18', from: 'บ้านพุย', to, subject });
  core.store.tx(() =>
    insertEntries(core.writeContext(new Date('2023-11-18T09:00:00+07:00')), 'incoming', [
      letter('สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5', 'ถึงสำนักงานเอง'),
      letter('ผู้อำนวยการโรงเรียนบ้านพุย', 'ถึงโรงเรียน'),
    ]),
  );
  const html = Buffer.from(
    (await runJob(jobs, { type: 'register', kind: 'incoming', from: '2023-11-18', to: '2023-11-18', groupId: null, format: 'html' })).base64,
    'base64',
  ).toString('utf8');
  expect(html).toContain('<th scope="col">ถึง</th>');
  expect(html).not.toContain('ทุกรายการ');
  const cells = [...html.matchAll(/<td class="name">([^<]*(?:<br>[^<]*)*)<\/td>/g)].map((m) => (m[1] ?? '').replace(/<br>/g, ' '));
  expect(cells).toContain('สพป.เชียงใหม่ เขต 5');
  expect(cells).toContain('ผู้อำนวยการโรงเรียนบ้านพุย');
  expect(cells).not.toContain('สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5');
});
