// An office switching from AMSS++ in June 2567: the dry run's report, the import (numbers,
// dates, people, files, history for the server), a rerun and a bigger dump, a cut dump refused,
// the next numbers, and imported letters found by Thai search and printed in the register.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { planAmssImport, previewAmssImport, runAmssImport, type ImportSource } from '../../src-main/importing/amssImport.js';
import { applyPlan } from '../../src-main/importing/importApply.js';
import { ChromiumPrinter } from '../../src-main/reports/chromium.js';
import { ReportJobs } from '../../src-main/reports/reportJobs.js';
import { verifyAudit } from '../../src-main/users/audit.js';
import { openTestApp, tempDir, type TestApp } from '../support/core.js';
import { incoming, outgoing } from '../support/entries.js';
import { waitFor } from '../support/waitFor.js';

const FIXTURE = join(process.cwd(), 'tests', 'fixtures', 'amss');
const DUMP = join(FIXTURE, 'amss-2567.sql');
const FILES = join(FIXTURE, 'files');
const JUNE_2567 = new Date('2024-06-14T10:00:00+07:00');

let app: TestApp;
afterEach(() => app?.dispose());

const source = (dump = DUMP, school: string | null = null): ImportSource => ({ dump, filesRoot: FILES, school });
const count = (sql: string, params: unknown[] = []): number => app.core.store.raw<{ n: number }>(sql, params)[0]?.n ?? -1;
const ctx = () => ({ store: app.core.store, dataDir: app.dataDir, deviceId: app.core.deviceId, actor: 'ผู้ดูแลระบบ', now: app.clock.now });

function entryBySource(table: string, msId: number) {
  return app.core.store.raw<Record<string, unknown>>(
    `SELECT e.*, b.year AS book_year, s.ref_id, s.duplicate_no FROM import_sources s JOIN entries e ON e.id = s.entry_id JOIN books b ON b.id = e.book_id
     WHERE s.source_table = ? AND s.ms_id = ?`,
    [table, msId],
  )[0] as Record<string, unknown>;
}

describe('importing AMSS++', () => {
  it('previews per register and year, lists every problem and what will be done, and writes nothing', async () => {
    app = openTestApp(undefined, JUNE_2567);
    const auditBefore = count('SELECT count(*) AS n FROM audit_events');
    const p = await previewAmssImport(app.core.store, source());
    const book = (kind: string, year: number) => p.books.find((b) => b.kind === kind && b.year === year);
    expect(p.books.map((b) => `${b.kind}:${b.year}:${b.rows}`)).toEqual(['incoming:2566:2', 'incoming:2567:7', 'outgoing:2567:4', 'order:2567:2', 'certificate:2567:1']);
    const inc = book('incoming', 2567);
    expect(inc).toMatchObject({ minNo: 1, maxNo: 7, gaps: ['4'], gapCount: 1, duplicates: [{ registerNo: 6, msIds: [7, 8] }], cancelled: 1, secret: 1, nextNo: 8 });
    const problems = inc?.problems.map((x) => `${x.msId}: ${x.problem}`) ?? [];
    expect(problems).toContain('4: วันที่หนังสือเป็น 0000-00-00 (ไม่มีวันที่): นำเข้าเป็นค่าว่าง');
    expect(problems).toContain('5: กลุ่มงานรหัส 9 ไม่มีใน AMSS++ แล้ว: นำเข้าโดยไม่ระบุกลุ่ม');
    expect(problems).toContain('6: วันที่หนังสือ "2567-01-15" บันทึกเป็นปี พ.ศ.: แปลงเป็น ค.ศ. 2024');
    expect(problems.some((x) => x.startsWith('8: ไฟล์ "1717000600x1_1.pdf" เป็นไฟล์โปรแกรม'))).toBe(true);
    expect(problems).toContain('7: ไม่พบไฟล์ 1717000500x1_1.pdf ในโฟลเดอร์ของ AMSS++');
    expect(book('outgoing', 2567)).toMatchObject({ circulars: 2, highestCircular: 4, nextNo: 5, nextCircularNo: 5 });
    expect(p.files).toMatchObject({ found: 7, missing: 1, refused: 1 });
    expect(p.groups.map((g) => [g.name, g.action])).toEqual([
      ['กลุ่มอำนวยการ', 'create'],
      ['กลุ่มส่งเสริมการจัดการศึกษา', 'create'],
    ]);
    expect(p.unknownWorkgroups).toEqual([{ code: '9', rows: 1 }]);
    expect(p.officers.find((o) => o.id === '3100000000001')?.name).toBe('นางสาวสุดา ทะเบียนดี');
    expect(p.schoolsInDump.map((s) => s.code)).toEqual(['10001', '10002']);
    expect(count('SELECT count(*) AS n FROM entries')).toBe(0);
    expect(count('SELECT count(*) AS n FROM groups')).toBe(0);
    expect(count('SELECT count(*) AS n FROM import_runs')).toBe(0);
    expect(count('SELECT count(*) AS n FROM audit_events')).toBe(auditBefore);
  });

  it('imports numbers, dates, people, cancellations, secrecy, urgency and files, marked as history for the server', async () => {
    app = openTestApp(undefined, JUNE_2567);
    const { result } = await runAmssImport(ctx(), source());
    expect(result.failedBooks).toBe(0);
    expect(result.imported).toBe(16);
    expect(count('SELECT count(*) AS n FROM entries')).toBe(16);

    const meeting = entryBySource('bookregister_receive', 4);
    expect(meeting).toMatchObject({ kind: 'incoming', year: 2567, register_no: 2, doc_date: '', registered_on: '2024-01-11', from_text: 'ศาลากลางจังหวัดเชียงใหม่', subject: 'ประชุมคณะกรรมการ จังหวัด' });
    const viaSending = entryBySource('bookregister_receive', 3);
    expect(viaSending).toMatchObject({ urgency: 'most_urgent', ref_id: '1717000100x555' });
    expect(app.core.store.raw<{ name: string }>('SELECT name FROM people WHERE id = ?', [viaSending.person_id])[0]?.name).toBe('นางสาวสมใจ รักงาน');
    expect(entryBySource('bookregister_receive', 6)).toMatchObject({ secrecy: 'secret', doc_date: '2024-01-15' });
    expect(entryBySource('bookregister_receive', 9)).toMatchObject({ status: 'cancelled', cancel_reason: 'ยกเลิก ลงผิดฉบับ', register_no: 7 });
    expect(entryBySource('bookregister_receive', 5)).toMatchObject({ group_id: null, subject: "ขอความอนุเคราะห์ 'ครูอัตราจ้าง'; ด่วน" });
    // Both rows numbered 6 are kept with their number; the second is flagged.
    expect(entryBySource('bookregister_receive', 7)).toMatchObject({ register_no: 6, book_year: 2567, duplicate_no: null });
    expect(entryBySource('bookregister_receive', 8)).toMatchObject({ register_no: 6, year: 2567, book_year: -2567, duplicate_no: 6 });
    // ว numbers stay as AMSS++ had them, in the shared series.
    expect(entryBySource('bookregister_send', 2)).toMatchObject({ register_no: 2, circular_no: 2, doc_no: 'ที่ ศธ 04051/ว2' });
    expect(entryBySource('bookregister_send', 3)).toMatchObject({ circular_no: null, doc_no: 'ที่ ศธ 04051/3' });
    expect(entryBySource('bookregister_certificate', 1)).toMatchObject({ recipient: 'เด็กหญิงมาลี มีสุข', signer: 'นายสมชาย ใจดี', subject: 'เกียรติบัตรนักเรียนดีเด่น ด้านคุณธรรม' });
    // Who registered it, by name from person_main.
    const version = app.core.store.raw<{ changed_by: string; changed_at: string }>('SELECT changed_by, changed_at FROM entry_versions WHERE entry_id = ?', [meeting.id])[0];
    expect(version).toEqual({ changed_by: 'นางสาวสุดา ทะเบียนดี (AMSS++)', changed_at: '2024-01-11T00:00:00+07:00' });

    // Files: checked by content, stored once; the same ref_id in two tables keeps its own files.
    const filesOf = (e: Record<string, unknown>) =>
      app.core.store.raw<{ name: string; description: string; sha256: string }>('SELECT name, description, sha256 FROM entry_attachments WHERE entry_id = ? ORDER BY position', [e.id]);
    expect(filesOf(meeting).map((f) => f.description)).toEqual(['หนังสือเชิญประชุม', 'แผนที่']);
    expect(filesOf(entryBySource('bookregister_send', 1)).map((f) => f.description)).toEqual(['รายงาน (ref_id ซ้ำกับหนังสือรับ)']);
    expect(filesOf(entryBySource('bookregister_receive', 8))).toEqual([]);
    const jpg = filesOf(meeting)[1]?.sha256 as string;
    expect(filesOf(entryBySource('bookregister_certificate', 1))[0]?.sha256).toBe(jpg);
    expect(count('SELECT count(*) AS n FROM blobs')).toBe(6);
    const stored = readFileSync(join(app.dataDir, 'attachments', jpg.slice(0, 2), jpg));
    expect(stored.equals(readFileSync(join(FILES, 'modules/bookregister/upload_files4/cer_1.jpg')))).toBe(true);

    // Every entry goes to the server as history, with its source.
    const payloads = app.core.store.raw<{ payload: string }>("SELECT payload FROM outbox WHERE entity = 'entry'").map((r) => JSON.parse(r.payload) as { origin?: string; source?: { table: string } });
    expect(payloads).toHaveLength(16);
    expect(payloads.every((x) => x.origin === 'import')).toBe(true);
    // The payload is put together around the version's snapshot text (one serialisation): the same entry.
    const sent = app.core.store.raw<{ payload: string; snapshot: string }>(
      'SELECT o.payload, v.snapshot FROM outbox o JOIN entry_versions v ON v.id = o.idempotency_key WHERE o.entity_id = ?',
      [meeting.id],
    )[0];
    expect(JSON.parse(sent?.payload ?? 'null')).toEqual({
      deviceId: app.core.deviceId,
      deviceTime: expect.any(String),
      version: 1,
      entry: JSON.parse(sent?.snapshot ?? 'null'),
      origin: 'import',
      source: { system: 'amss', table: 'bookregister_receive', msId: 4, refId: expect.any(String), schoolCode: null },
    });
    expect(count('SELECT count(*) AS n FROM import_sources')).toBe(16);
    expect(count("SELECT count(*) AS n FROM audit_events WHERE action = 'entry.import'")).toBe(16);
    expect(count("SELECT count(*) AS n FROM audit_events WHERE action IN ('import.start', 'import.finish')")).toBe(2);
    expect(verifyAudit(app.core.store).ok).toBe(true);
  });

  it('continues the numbers after the highest imported one, recorded as a number change', async () => {
    app = openTestApp(undefined, JUNE_2567);
    await runAmssImport(ctx(), source());
    const changes = await app.must('books.numberChanges', { kind: 'incoming' });
    expect(changes.find((c) => c.year === 2567)).toMatchObject({ sequence: 'main', before: 1, after: 8 });
    expect(changes.find((c) => c.year === 2567)?.reason).toContain('AMSS++');
    expect((await app.must('entries.create', incoming('ลงทะเบียนหลังย้ายระบบ', { docDate: '2024-06-14' }))).registerNo).toBe(8);
    expect((await app.must('entries.create', outgoing('หนังสือส่งฉบับแรกในโปรแกรมใหม่'))).registerNo).toBe(5);
    const circular = await app.must('entries.create', outgoing('หนังสือเวียนฉบับแรกในโปรแกรมใหม่', true));
    expect(circular.circularNo).toBe(5);
    expect(circular.docNo).toMatch(/\/ว ?5$/);
  });

  it('adds nothing twice on a rerun, and only the new rows from a bigger dump', async () => {
    app = openTestApp(undefined, JUNE_2567);
    await runAmssImport(ctx(), source());
    const again = await runAmssImport(ctx(), source());
    expect(again.result.imported).toBe(0);
    expect(again.preview.totals.alreadyImported).toBe(16);
    expect(count('SELECT count(*) AS n FROM entries')).toBe(16);
    expect(count('SELECT count(*) AS n FROM number_changes')).toBe(6);

    const bigger = join(tempDir('amss-'), 'amss-later.sql');
    const text = readFileSync(DUMP, 'utf8').replace(
      /COMMIT;\r\n/,
      "INSERT INTO `bookregister_receive` VALUES (10, 2567, 8, 'ศธ 04006/400', '2024-06-10', 'สพฐ.', 'ผอ.สพป.', 'ฉบับที่ลงใน AMSS++ หลังสำรองครั้งแรก', NULL, 1, 0, NULL, '2024-06-10', '1718000000x1', '3100000000001', 0, 0);\r\nCOMMIT;\r\n",
    );
    writeFileSync(bigger, text);
    const later = await runAmssImport(ctx(), source(bigger));
    expect(later.result.imported).toBe(1);
    expect(entryBySource('bookregister_receive', 10)).toMatchObject({ register_no: 8 });
    expect((await app.must('entries.create', incoming('ฉบับต่อไป', { docDate: '2024-06-14' }))).registerNo).toBe(9);
  });

  it('imports a school register with --school, only that school’s rows', async () => {
    app = openTestApp(undefined, JUNE_2567);
    const { result, preview } = await runAmssImport(ctx(), source(DUMP, '10001'));
    expect(preview.skippedRows).toBeGreaterThan(0);
    expect(result.imported).toBe(1);
    expect(app.core.store.raw<{ subject: string }>('SELECT subject FROM entries')).toEqual([{ subject: 'แจ้งโรงเรียนบ้านพุย' }]);
  });

  it('refuses a dump cut in the middle with a clear Thai message, and writes nothing', async () => {
    app = openTestApp(undefined, JUNE_2567);
    const cut = join(tempDir('amss-'), 'cut.sql');
    const whole = readFileSync(DUMP);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.55)));
    await expect(runAmssImport(ctx(), source(cut))).rejects.toThrow(/ไฟล์ถูกตัด|ถูกตัด/);
    const cutAtStatement = join(tempDir('amss-'), 'cut2.sql');
    const text = readFileSync(DUMP, 'utf8');
    writeFileSync(cutAtStatement, text.slice(0, text.indexOf('CREATE TABLE `person_main`')));
    await expect(runAmssImport(ctx(), source(cutAtStatement))).rejects.toThrow(/COMMIT/);
    expect(count('SELECT count(*) AS n FROM entries')).toBe(0);
    expect(count('SELECT count(*) AS n FROM import_runs')).toBe(0);
    expect(count('SELECT count(*) AS n FROM outbox')).toBe(0);
  });

  it('leaves a book as it was when a row fails, names the row in Thai, and imports the other books', async () => {
    app = openTestApp(undefined, JUNE_2567);
    const plan = await planAmssImport(app.core.store, source());
    // The order's file disappears between the preview and the import.
    const row = plan.books.find((b) => b.kind === 'order')?.rows[0];
    const file = row?.files[0];
    if (!row || !file) throw new Error('the fixture order has a file');
    row.files[0] = { ...file, path: join(tempDir('amss-gone-'), 'gone.pdf') };
    const result = await applyPlan(ctx(), plan, { file: DUMP, school: null });
    const failed = result.books.find((b) => b.kind === 'order');
    expect(failed?.error).toBe(
      'นำเข้าไม่สำเร็จที่ ทะเบียนคำสั่ง ปี 2567 เลขทะเบียน 1 (ตาราง bookregister_command ms_id 1): ไฟล์ 1704430000x1.pdf หายไประหว่างนำเข้า — เล่มนี้ยังคงเหมือนก่อนนำเข้า',
    );
    expect(count("SELECT count(*) AS n FROM entries WHERE kind = 'order'")).toBe(0);
    expect(count("SELECT count(*) AS n FROM books WHERE kind = 'order'")).toBe(0);
    expect(count("SELECT count(*) AS n FROM entries WHERE kind = 'incoming'")).toBe(9);
    expect(result.failedBooks).toBe(1);
  });

  it('names the row the register refuses inside a batch of entries, and leaves its book as it was', async () => {
    app = openTestApp(undefined, JUNE_2567);
    const plan = await planAmssImport(app.core.store, source());
    // Entries go in batches; a value the register's own checks refuse, in the middle of one.
    const row = plan.books.find((b) => b.kind === 'incoming' && b.year === 2567)?.rows[4];
    if (!row) throw new Error('the fixture has 7 incoming letters of 2567');
    row.source.urgency = 'ด่วนจี๋' as typeof row.source.urgency;
    const result = await applyPlan(ctx(), plan, { file: DUMP, school: null });
    const failed = result.books.find((b) => b.kind === 'incoming' && b.year === 2567);
    expect(failed?.error).toContain(`นำเข้าไม่สำเร็จที่ ทะเบียนหนังสือรับ ปี 2567 เลขทะเบียน ${row.source.registerNo} (ตาราง bookregister_receive ms_id ${row.source.msId}): ทะเบียนไม่รับข้อมูลของแถวนี้ (CHECK constraint failed`);
    expect(count("SELECT count(*) AS n FROM entries WHERE kind = 'incoming' AND year = 2567")).toBe(0);
    expect(count("SELECT count(*) AS n FROM entries WHERE kind = 'incoming' AND year = 2566")).toBe(2);
    expect(result.failedBooks).toBe(1);
  });

  it('finds imported letters by Thai search and prints them in the register', async () => {
    app = openTestApp(undefined, JUNE_2567);
    await runAmssImport(ctx(), source());
    const found = await app.must('entries.list', { kind: 'incoming', field: 'subject', q: 'คณะกรรมการ' });
    expect(found.rows.map((r) => r.registerNo)).toEqual([2]);
    const byDocNo = await app.must('entries.list', { kind: 'outgoing', field: 'docNo', q: '04051/ว2' });
    expect(byDocNo.rows.map((r) => r.subject)).toEqual(['แจ้งปฏิทินการสอบ']);
    // The HTML of the printed form: the same builder the PDF printer lays out.
    const jobs = new ReportJobs(app.core, new ChromiumPrinter());
    const { jobId } = jobs.start({ type: 'register', kind: 'incoming', from: '2024-01-01', to: '2024-01-31', groupId: null, format: 'html' });
    const status = await jobs.wait(jobId);
    expect(status.state).toBe('done');
    const result = jobs.result(jobId);
    if (result.kind !== 'file') throw new Error('expected a file');
    const html = Buffer.from(result.base64, 'base64').toString('utf8');
    for (const subject of ['การสอบ O-NET ปีการศึกษา 2566', 'ประชุมคณะกรรมการ จังหวัด', 'โครงการโรงเรียนคุณธรรม', 'ลงเลขซ้ำโดยไม่ตั้งใจ']) expect(html).toContain(subject);
  });

  it("imports AMSS++'s Excel export (an HTML table in .xls) and a CSV with the register's columns", async () => {
    app = openTestApp(undefined, JUNE_2567);
    const xls = await runAmssImport(ctx(), { dump: join(FIXTURE, 'receive.xls'), filesRoot: null, school: null, kind: 'incoming' });
    expect(xls.preview.books.map((b) => [b.kind, b.year, b.rows, b.gaps])).toEqual([['incoming', 2567, 3, ['3']]]);
    expect(xls.preview.books[0]?.problems.map((p) => p.problem)).toContain('วันที่หนังสือ "-" อ่านไม่ได้: นำเข้าเป็นค่าว่าง');
    expect(xls.result.imported).toBe(3);
    const rows = app.core.store.raw<Record<string, unknown>>('SELECT register_no, doc_no, doc_date, registered_on, subject, status, group_id FROM entries ORDER BY register_no');
    expect(rows[0]).toMatchObject({ register_no: 1, doc_no: 'ศธ 04006/ว 1234', doc_date: '2024-01-10', registered_on: '2024-01-10', subject: 'การสอบ O-NET & การรายงานผล' });
    expect(rows[1]).toMatchObject({ register_no: 2, doc_date: '2024-01-11', status: 'cancelled' });
    expect(rows[2]).toMatchObject({ register_no: 4, doc_date: '' });
    expect(app.core.store.raw<{ name: string }>('SELECT name FROM groups ORDER BY name').map((g) => g.name)).toEqual(['กลุ่มส่งเสริมการจัดการศึกษา', 'กลุ่มอำนวยการ']);
    expect((await app.must('entries.create', incoming('ต่อจากไฟล์ Excel', { docDate: '2024-06-14' }))).registerNo).toBe(5);

    const csv = await runAmssImport(ctx(), { dump: join(FIXTURE, 'send.csv'), filesRoot: null, school: null, kind: 'outgoing' });
    expect(csv.result.imported).toBe(2);
    const sent = app.core.store.raw<Record<string, unknown>>("SELECT register_no, circular_no, subject, doc_date FROM entries WHERE kind = 'outgoing' ORDER BY register_no");
    expect(sent).toEqual([
      { register_no: 1, circular_no: null, subject: 'รายงานผล, ไตรมาส 1', doc_date: '2024-01-08' },
      { register_no: 2, circular_no: 2, subject: 'แจ้ง "ปฏิทิน" การสอบ', doc_date: '2024-01-09' },
    ]);
  });

  it('runs through the API for the admin only: upload in chunks, preview, confirm, progress, result', async () => {
    app = openTestApp(undefined, JUNE_2567);
    const clerk = await app.asUser('clerk');
    const refused = await clerk.call('import.uploadBegin', { name: 'amss.sql', size: 10 });
    expect(refused.ok).toBe(false);
    expect((await app.call('import.uploadBegin', { name: 'amss.exe', size: 10 })).ok).toBe(false);

    const bytes = readFileSync(gzipped());
    const { uploadId } = await app.must('import.uploadBegin', { name: 'amss-2567.sql.gz', size: bytes.length });
    const step = 1000; // several chunks, as the screen sends them
    for (let offset = 0; offset < bytes.length; offset += step) {
      await app.must('import.uploadChunk', { uploadId, offset, data: bytes.subarray(offset, offset + step).toString('base64') });
    }
    const dump = await app.must('import.uploadFinish', { uploadId });
    const wait = async (jobId: string) => {
      let status = await app.must('import.status', { jobId });
      await waitFor('the import job to finish', async () => (status = await app.must('import.status', { jobId })).state !== 'running', { intervalMs: 20 });
      return status;
    };
    const previewed = await wait((await app.must('import.preview', { dumpId: dump.dumpId, filesRoot: FILES, school: '' })).jobId);
    if (previewed.state !== 'previewed') throw new Error(JSON.stringify(previewed));
    expect(previewed.preview.file).toBe('amss-2567.sql.gz');
    expect(previewed.preview.totals.toImport).toBe(16);
    expect(count('SELECT count(*) AS n FROM entries')).toBe(0);

    const imported = await wait((await app.must('import.run', { dumpId: dump.dumpId, filesRoot: FILES, school: '' })).jobId);
    if (imported.state !== 'imported') throw new Error(JSON.stringify(imported));
    expect(imported.result.imported).toBe(16);
    const events = await app.must('audit.list', { page: 1, pageSize: 50, entityId: null, action: 'import.finish' });
    expect(events.rows[0]?.actor).toBe('เจ้าหน้าที่สารบรรณ');
  });
});

function gzipped(): string {
  const file = join(tempDir('amss-gz-'), 'amss-2567.sql.gz');
  writeFileSync(file, gzipSync(readFileSync(DUMP)));
  return file;
}
