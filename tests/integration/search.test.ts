import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEntries } from '../../src-main/registers/entries.js';
import { ftsQuery, shortQueryRows } from '../../src-main/registers/queries.js';
import { entryFields } from '../../src-shared/schemas.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';

let app: TestApp;
beforeAll(async () => {
  app = openTestApp();
  await app.must('demo.load', {});
});
afterAll(() => app?.dispose());

const subjects = async (input: Parameters<TestApp['must']>[1]) =>
  (await app.must('entries.list', input as never)).rows.map((r) => r.subject);

describe('finding entries', () => {
  it('finds any part of a Thai word (trigram index)', async () => {
    expect(await subjects({ kind: 'incoming', field: 'subject', q: 'วันหยุด' })).toEqual(['การเลื่อนวันหยุดชดเชยวันหยุดราชการฯ']);
    expect(await subjects({ kind: 'incoming', field: 'subject', q: 'หยุดชด' })).toEqual(['การเลื่อนวันหยุดชดเชยวันหยุดราชการฯ']);
  });

  it('falls back for queries shorter than three characters', async () => {
    const twoChars = await app.must('entries.list', { kind: 'incoming', field: 'from', q: 'พุ' });
    expect(twoChars.rows.map((r) => r.from)).toEqual(['บ้านพุย']);
  });

  it('searches a certificate by ชื่อผู้ได้รับ and an order by ผู้ลงนาม', async () => {
    await app.must('certificates.issueBulk', { subject: 'ค่ายวิทยาศาสตร์', docDate: '2023-11-16', recipients: ['เด็กหญิงใจดี มีสุข', 'เด็กชายกล้า หาญ'], signer: 'นายผู้อำนวยการ ลงนาม' });
    await app.must('entries.create', { kind: 'order', docDate: '2023-11-16', subject: 'แต่งตั้งกรรมการ', signer: 'นางรองผู้อำนวยการ ทดแทน' });
    const cert = await app.must('entries.list', { kind: 'certificate', field: 'recipient', q: 'ใจดี' });
    expect(cert.rows.map((r) => r.recipient)).toEqual(['เด็กหญิงใจดี มีสุข']);
    expect((await app.must('entries.list', { kind: 'certificate', field: 'signer', q: 'ลงนาม' })).total).toBe(2);
    expect(await subjects({ kind: 'order', field: 'signer', q: 'ทดแทน' })).toEqual(['แต่งตั้งกรรมการ']);
    expect(await subjects({ kind: 'order', field: 'signer', q: 'ใจดี' })).toEqual([]);
  });

  it('suggests จาก/ถึง already in the register, most used first, secret senders only to those with the right', async () => {
    const from = (q = '') => app.must('entries.suggestNames', { kind: 'incoming', field: 'from', q });
    const top = await from();
    expect(top[0]).toBe('บ้านห่างหลวง'); // three letters in the demo, more than any other sender
    expect(top).toContain('ศาลากลางจังหวัดเชียงใหม่');
    expect(await from('ศาลา')).toEqual(['ศาลากลางจังหวัดเชียงใหม่']);
    expect(await app.must('entries.suggestNames', { kind: 'outgoing', field: 'to', q: 'ห้วยปูลิง' })).toEqual(['ผู้อำนวยการโรงเรียนบ้านห้วยปูลิง']);
    await app.must('entries.create', { kind: 'incoming', docDate: '2023-11-16', from: 'หน่วยงานลับเฉพาะกิจ', to: 'สพป.', subject: 'ลับ', secrecy: 'secret' });
    expect(await from('ลับเฉพาะ')).toEqual(['หน่วยงานลับเฉพาะกิจ']);
    const clerk = await app.asUser('clerk', { canSeeSecret: false });
    expect(await clerk.must('entries.suggestNames', { kind: 'incoming', field: 'from', q: 'ลับเฉพาะ' })).toEqual([]);
  });

  it('searches only the chosen field', async () => {
    expect(await subjects({ kind: 'incoming', field: 'from', q: 'ศาลากลาง' })).toEqual(['การเลื่อนวันหยุดชดเชยวันหยุดราชการฯ']);
    expect(await subjects({ kind: 'incoming', field: 'subject', q: 'ศาลากลาง' })).toEqual([]);
    const byNumber = await app.must('entries.list', { kind: 'incoming', field: 'docNo', q: '0017.3' });
    expect(byNumber.rows.map((r) => r.registerNo)).toEqual([14527]);
    // A quote in the query is text, not FTS syntax.
    expect((await app.call('entries.list', { kind: 'incoming', q: 'ก"ข OR *' })).ok).toBe(true);
  });

  it('pages newest first with an exact total, and filters by group', async () => {
    const all = await app.must('entries.list', { kind: 'incoming', pageSize: 5 });
    const total = all.total;
    expect(total).toBe(app.core.store.raw<{ n: number }>("SELECT count(*) AS n FROM entries WHERE kind = 'incoming'")[0]?.n);
    const page2 = await app.must('entries.list', { kind: 'incoming', pageSize: 5, page: 2 });
    const numbers = [...all.rows, ...page2.rows].map((r) => r.registerNo);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(new Set(numbers).size).toBe(numbers.length);
    const groups = await app.must('groups.list', {});
    const admin = groups.find((g) => g.name === 'กลุ่มอำนวยการ');
    const filtered = await app.must('entries.list', { kind: 'incoming', groupId: admin?.id ?? 0, pageSize: 100 });
    expect(filtered.rows.length).toBeGreaterThan(0);
    expect(filtered.rows.every((r) => r.groupName === 'กลุ่มอำนวยการ')).toBe(true);
    expect(filtered.total).toBe(filtered.rows.length);
  });

  it('uses its indexes for the list and the group filter', () => {
    const plan = (sql: string, ...p: unknown[]) =>
      app.core.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p).map((r) => (r as { detail: string }).detail).join(' | ');
    expect(plan("SELECT id FROM entries e WHERE e.kind = 'incoming' ORDER BY e.year DESC, e.register_no DESC LIMIT 20")).toContain(
      'USING INDEX entries_list',
    );
    expect(
      plan("SELECT id FROM entries e WHERE e.kind = 'incoming' AND e.group_id = 1 ORDER BY e.year DESC, e.register_no DESC LIMIT 20"),
    ).toContain('USING INDEX entries_group');
    expect(plan("SELECT kind, count(*) FROM entries WHERE registered_on = '2023-11-16' GROUP BY kind")).toContain(
      'entries_registered_on',
    );
  });
});

describe('searching a register where some trigrams are in nearly every row', () => {
  let big: TestApp;
  beforeAll(() => {
    big = openTestApp();
    const list = Array.from({ length: 400 }, (_, i) =>
      entryFields.parse(
        incoming(`ส่งรายงาน${i % 7 === 0 ? ' 1.7/' : ''} ครั้งที่ ${i}`, { docNo: `ที่ ศธ 04051.${i % 25}/${i + 1}`, from: i % 9 === 0 ? 'บ้านพุย' : 'ศาลากลาง' }),
      ),
    );
    big.core.store.tx(() => insertEntries(big.core.writeContext(), 'incoming', list));
  });
  afterAll(() => big?.dispose());

  const LIKE_COLUMNS = { subject: ['subject'], from: ['from_text'], docNo: ['doc_no'], all: ['subject', 'from_text', 'to_text', 'doc_no', 'remark', 'recipient'] };
  /** What the clerk must get: every row with the text anywhere in the field, newest first. */
  const byScan = (field: keyof typeof LIKE_COLUMNS, q: string) =>
    big.core.store
      .raw<{ register_no: number }>(
        `SELECT register_no FROM entries WHERE kind = 'incoming' AND (${LIKE_COLUMNS[field].map((c) => `instr(${c}, ?) > 0`).join(' OR ')})
         ORDER BY rowid DESC`,
        LIKE_COLUMNS[field].map(() => q),
      )
      .map((r) => r.register_no);
  const bySearch = async (field: keyof typeof LIKE_COLUMNS, q: string) => {
    const found: number[] = [];
    for (let page = 1; ; page++) {
      const p = await big.must('entries.list', { kind: 'incoming', field, q, pageSize: 200, page });
      found.push(...p.rows.map((r) => r.registerNo));
      if (p.rows.length < 200) {
        expect(p.total).toBe(found.length);
        return found;
      }
    }
  };

  it('matches a document number by its rare part only, and finds the same rows as a scan', async () => {
    const fts = ftsQuery(big.core.store, 'docNo', '04051.7/');
    // The office code's trigrams are in every row: left out of MATCH, checked by LIKE.
    expect(fts).toEqual({ match: 'doc_no : ("1.7/")', verify: true });
    expect(await bySearch('docNo', '04051.7/')).toEqual(byScan('docNo', '04051.7/'));
    expect(byScan('docNo', '04051.7/')).toHaveLength(16);
  });

  it('drops candidates whose rare part is in another field (all fields)', async () => {
    // "1.7/" is also in some subjects, but "04051.7/" only in document numbers.
    expect(ftsQuery(big.core.store, 'all', '04051.7/')?.verify).toBe(true);
    const found = await bySearch('all', '04051.7/');
    expect(found).toEqual(byScan('all', '04051.7/'));
    expect(byScan('subject', '1.7/').filter((n) => !found.includes(n)).length).toBeGreaterThan(0);
  });

  it('finds the same rows as a scan for common, rare, absent, short and one-character queries', async () => {
    const cases: [keyof typeof LIKE_COLUMNS, string][] = [
      ['docNo', 'ศธ 04051.'], // every trigram common: the whole phrase, as before
      ['docNo', '04051.12/1'],
      ['docNo', '04051.99/'], // absent
      ['subject', 'ครั้งที่ 12'],
      ['all', 'รายงาน 1.7'],
      ['docNo', '/3'], // two characters: the index's terms that begin with them
      ['from', 'พุ'],
      ['from', 'าง'], // only at the end of the field: its end mark makes a trigram of it
      ['docNo', 'ศธ'],
      ['subject', 'ฎฐ'], // two characters in no row
      ['all', 'าง'],
      ['docNo', '7'], // one character: LIKE
    ];
    for (const [field, q] of cases) expect(await bySearch(field, q), `${field} ${q}`).toEqual(byScan(field, q));
  });

  it('answers a 2-character query from the index, not by reading every row', () => {
    expect(shortQueryRows(big.core.store, 'subject', 'ฎฐ')).toEqual([]);
    expect(shortQueryRows(big.core.store, 'from', 'าง')).toHaveLength(byScan('from', 'าง').length);
    // The term range reaches the vocabulary's cursor (a different index plan from reading it all).
    const plan = (where: string) =>
      big.core.store.raw<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT doc FROM entries_fts_vocab ${where}`).map((r) => r.detail).join(' ');
    expect(plan(`WHERE term >= 'าง' AND term < 'าง' || char(1114111)`)).not.toBe(plan(''));
  });
});
