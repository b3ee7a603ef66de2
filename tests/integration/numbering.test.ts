import { fork } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, TEST_ADMIN, type TestApp } from '../support/core.js';
import { incoming, outgoing } from '../support/entries.js';

let app: TestApp;
afterEach(() => app?.dispose());

async function registeredNumbers(a: TestApp, kind: 'incoming' | 'outgoing' | 'order' | 'certificate'): Promise<number[]> {
  const rows = a.core.store.raw<{ register_no: number }>('SELECT register_no FROM entries WHERE kind = ? ORDER BY register_no', [kind]);
  return rows.map((r) => r.register_no);
}

describe('register numbers', () => {
  it('run from 1 with no gap in each book', async () => {
    app = openTestApp();
    const numbers: number[] = [];
    for (let i = 0; i < 25; i++) numbers.push((await app.must('entries.create', incoming(`เรื่องที่ ${i}`))).registerNo);
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // Another book has its own sequence.
    expect((await app.must('entries.create', outgoing('ขออนุญาตเดินทางไปราชการ'))).registerNo).toBe(1);
  });

  it('restart at 1 on 1 January (Buddhist-Era year rollover)', async () => {
    app = openTestApp(undefined, new Date('2023-12-31T23:59:30+07:00'));
    await app.must('entries.create', incoming('ก่อนปีใหม่ 1'));
    const last = await app.must('entries.create', incoming('ก่อนปีใหม่ 2'));
    expect([last.year, last.registerNo]).toEqual([2566, 2]);
    app.clock.now = new Date('2024-01-01T00:00:10+07:00');
    const first = await app.must('entries.create', incoming('วันขึ้นปีใหม่'));
    expect([first.year, first.registerNo]).toEqual([2567, 1]);
    const books = await app.must('books.list', { kind: 'incoming' });
    expect(books.map((b) => [b.year, b.nextNo])).toEqual([
      [2567, 2],
      [2566, 3],
    ]);
  });

  it('continue from a settable next number, recorded, never onto a used number', async () => {
    app = openTestApp();
    const set = await app.must('books.setNextNumber', { kind: 'incoming', year: 2566, next: 14535, reason: 'ต่อจากทะเบียน AMSS++' });
    expect(set.nextNo).toBe(14535);
    expect((await app.must('entries.create', incoming('เรื่องแรกในโปรแกรมใหม่'))).registerNo).toBe(14535);
    const back = await app.call('books.setNextNumber', { kind: 'incoming', year: 2566, next: 14535, reason: 'ลองย้อน' });
    expect(back.ok).toBe(false);
    // A register number is never written with a thousands separator.
    if (!back.ok) expect(back.error.fields?.next).toBe('เลขถัดไปต้องมากกว่า 14535 ซึ่งเป็นเลขที่ใช้ไปแล้ว');
    const forward = await app.must('books.setNextNumber', { kind: 'incoming', year: 2566, next: 14600, reason: 'ข้ามเลขที่ใช้ในสมุด' });
    expect(forward.nextNo).toBe(14600);
    const changes = await app.must('books.numberChanges', { kind: 'incoming' });
    expect(changes.map((c) => [c.before, c.after, c.reason])).toEqual([
      [14536, 14600, 'ข้ามเลขที่ใช้ในสมุด'],
      [1, 14535, 'ต่อจากทะเบียน AMSS++'],
    ]);
    expect(changes[0]?.changedBy).toBe('เจ้าหน้าที่สารบรรณ');
  });

  it('give outgoing circulars their own ว series that never takes a normal number', async () => {
    app = openTestApp();
    await app.must('office.save', {
      name: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5',
      shortName: 'สพป.เชียงใหม่ เขต 5',
      documentPrefix: 'ศธ04051',
      certificatePattern: 'สพป.ชม.5 {n:4}/{year}',
    });
    await app.must('books.setNextNumber', { kind: 'outgoing', year: 2566, next: 3959, reason: 'ต่อเลข' });
    const a = await app.must('entries.create', outgoing('ขออนุญาตเดินทางไปราชการ'));
    const c1 = await app.must('entries.create', outgoing('แจ้งเวียนโรงเรียน', true));
    const b = await app.must('entries.create', outgoing('ส่งรายงาน'));
    const c2 = await app.must('entries.create', outgoing('แจ้งเวียนครั้งที่สอง', true));
    const d = await app.must('entries.create', outgoing('ส่งรายงานครั้งที่สอง'));
    // Neither series skips: ว 1 did not consume /3960.
    expect([a.docNo, c1.docNo, b.docNo, c2.docNo, d.docNo]).toEqual(['ที่ ศธ04051/3959', 'ที่ ศธ04051/ว 1', 'ที่ ศธ04051/3960', 'ที่ ศธ04051/ว 2', 'ที่ ศธ04051/3961']);
    expect([a.registerNo, b.registerNo, d.registerNo]).toEqual([3959, 3960, 3961]);
    expect([c1.circularNo, c2.circularNo]).toEqual([1, 2]);
    expect(a.updatedBy).toBe(TEST_ADMIN.displayName);
    const [book] = await app.must('books.list', { kind: 'outgoing' });
    expect([book?.nextNo, book?.nextCircularNo, book?.entryCount]).toEqual([3962, 3, 5]);

    // ทะเบียนหนังสือส่ง lists both (newest first) or one series, with exact totals.
    const list = async (series: 'all' | 'normal' | 'circular') => {
      const page = await app.must('entries.list', { kind: 'outgoing', series });
      return [page.total, page.rows.map((e) => e.docNo.replace('ที่ ศธ04051/', ''))];
    };
    expect(await list('all')).toEqual([5, ['3961', 'ว 2', '3960', 'ว 1', '3959']]);
    expect(await list('normal')).toEqual([3, ['3961', '3960', '3959']]);
    expect(await list('circular')).toEqual([2, ['ว 2', 'ว 1']]);

    // The ว series is continued (e.g. after AMSS++) like the normal one, and never back.
    await app.must('books.setNextNumber', { kind: 'outgoing', year: 2566, sequence: 'circular', next: 40, reason: 'ต่อเลขเวียน' });
    expect((await app.must('entries.create', outgoing('เวียนต่อเลข', true))).docNo).toBe('ที่ ศธ04051/ว 40');
    const back = await app.call('books.setNextNumber', { kind: 'outgoing', year: 2566, sequence: 'circular', next: 40, reason: 'ย้อน' });
    expect(back.ok).toBe(false);
  });

  it('number orders and certificates per BE year with the office pattern', async () => {
    app = openTestApp();
    const order = await app.must('entries.create', { kind: 'order', docDate: '2023-11-16', subject: 'แต่งตั้งคณะกรรมการ', signer: 'ผอ.สพป.' });
    expect(order.docNo).toBe('1/2566');
    await app.must('office.save', { name: 'สพป.', shortName: 'สพป.ชม.5', documentPrefix: 'ศธ04051', certificatePattern: 'สพป.ชม.5 {n:4}/{year}' });
    const cert = await app.must('entries.create', { kind: 'certificate', docDate: '2023-11-16', subject: 'ค่ายวิทยาศาสตร์', recipient: 'เด็กหญิงใจดี มีสุข' });
    expect(cert.docNo).toBe('สพป.ชม.5 0001/2566');
  });

  it('issue a contiguous block of certificates, or nothing while a row is invalid', async () => {
    app = openTestApp();
    await app.must('entries.create', { kind: 'certificate', docDate: '2023-11-16', subject: 'ก่อนหน้า', recipient: 'คนแรก' });
    const names = Array.from({ length: 1000 }, (_, i) => `นักเรียนคนที่ ${i + 1}`);
    const bad = await app.call('certificates.issueBulk', { subject: 'ค่ายภาษาไทย', docDate: '2023-11-16', recipients: [...names, 'ก'.repeat(400)] });
    expect(bad.ok).toBe(false);
    expect(await registeredNumbers(app, 'certificate')).toEqual([1]);
    const preview = await app.must('certificates.previewBulk', { subject: 'ค่ายภาษาไทย', docDate: '2023-11-16', recipients: ['', ...names, '  '] });
    expect([preview.validCount, preview.invalidCount, preview.firstNo, preview.lastNo]).toEqual([1000, 0, 2, 1001]);
    const issued = await app.must('certificates.issueBulk', { subject: 'ค่ายภาษาไทย', docDate: '2023-11-16', recipients: names });
    expect([issued.count, issued.firstNo, issued.lastNo]).toEqual([1000, 2, 1001]);
    expect(await registeredNumbers(app, 'certificate')).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1));
  });

  it('stay unique and gapless with several processes registering at once', async () => {
    app = openTestApp();
    app.core.close();
    const perWorker = 150;
    const workers = ['A', 'B', 'C'].map(
      (label) =>
        new Promise<number[]>((resolve, reject) => {
          const child = fork('tests/support/registerWorker.ts', [app.dataDir, String(perWorker), label], {
            execArgv: ['--import', 'tsx'],
            stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
          });
          let out = '';
          child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
          child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').map(Number)) : reject(new Error(`worker ${label} exited ${code}`))));
        }),
    );
    const seen = (await Promise.all(workers)).flat().sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 3 * perWorker }, (_, i) => i + 1));
    app = app.reopen();
    expect(await registeredNumbers(app, 'incoming')).toEqual(seen);
  });
});
