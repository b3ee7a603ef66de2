import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/core.js';

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
