import { afterEach, describe, expect, it } from 'vitest';
import type { EntryFieldsInput } from '../../src-shared/schemas.js';
import { incoming } from '../support/entries.js';
import { openTestApp, type TestApp } from '../support/core.js';

let app: TestApp;
afterEach(() => app?.dispose());


function counts(a: TestApp): { entries: number; versions: number; outbox: number } {
  const one = (sql: string) => a.core.store.raw<{ n: number }>(sql)[0]?.n ?? -1;
  return {
    entries: one('SELECT count(*) AS n FROM entries'),
    versions: one('SELECT count(*) AS n FROM entry_versions'),
    outbox: one('SELECT count(*) AS n FROM outbox'),
  };
}

describe('an entry through its life', () => {
  it('is registered with its version and outbox row in one go', async () => {
    app = openTestApp();
    const e = await app.must('entries.create', incoming('จัดส่งเอกสารสำเนาหน้าบัญชีธนาคาร'));
    expect(counts(app)).toEqual({ entries: 1, versions: 1, outbox: 1 });
    const [row] = app.core.store.raw<{ idempotency_key: string; op: string; payload: string }>('SELECT * FROM outbox');
    const [version] = app.core.store.raw<{ id: string }>('SELECT id FROM entry_versions');
    expect(row?.idempotency_key).toBe(version?.id);
    expect(row?.op).toBe('create');
    const payload = JSON.parse(row?.payload ?? '{}') as { deviceId: string; entry: { subject: string; registerNo: number } };
    expect(payload.deviceId).toBe(app.core.deviceId);
    expect(payload.entry).toMatchObject({ subject: 'จัดส่งเอกสารสำเนาหน้าบัญชีธนาคาร', registerNo: e.registerNo });
    expect(e.registeredAt).toBe('2023-11-16T09:00:00+07:00');
  });

  it('refuses bad input with a Thai message and changes nothing', async () => {
    app = openTestApp();
    const group = await app.must('groups.save', { name: 'กลุ่มอำนวยการ' });
    await app.must('entries.create', incoming('เรื่องที่มีอยู่แล้ว', { groupId: group.id }));
    const before = counts(app);
    const cases: [EntryFieldsInput, string, string][] = [
      [incoming(''), 'subject', 'กรุณากรอกเรื่อง'],
      [incoming('ก'.repeat(10_000)), 'subject', 'เรื่องยาวเกิน 1,000 ตัวอักษร'],
      [incoming('วันที่ผิด', { docDate: '2023-02-30' }), 'docDate', 'วันที่ไม่ถูกต้อง (ไม่มีวันนี้ในปฏิทิน)'],
      [incoming('กลุ่มที่ไม่มี', { groupId: 999 }), 'groupId', 'ไม่พบกลุ่มปฏิบัติที่เลือก'],
      [incoming('บุคคลที่ไม่มี', { personId: 999 }), 'personId', 'ไม่พบบุคคลปฏิบัติที่เลือก'],
    ];
    for (const [input, field, message] of cases) {
      const r = await app.call('entries.create', input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.fields?.[field]).toBe(message);
      }
    }
    expect(counts(app)).toEqual(before);
    // The number that failed was not used up.
    expect((await app.must('entries.create', incoming('เรื่องถัดไป'))).registerNo).toBe(2);
  });

  it('is edited as a new version keeping its number, with who, when and what', async () => {
    app = openTestApp();
    const e = await app.must('entries.create', incoming('ส่งรายงานผลการพานักเรียนไปนอกสถานศึกษ'));
    app.clock.now = new Date('2023-11-16T10:30:00+07:00');
    const edited = await app.must('entries.update', {
      id: e.id,
      expectedVersion: 1,
      fields: incoming('ส่งรายงานผลการพานักเรียนไปนอกสถานศึกษา', { remark: 'แก้คำผิด' }),
    });
    expect([edited.registerNo, edited.version]).toEqual([e.registerNo, 2]);
    const details = await app.must('entries.get', { id: e.id });
    expect(details.versions.map((v) => v.change)).toEqual(['create', 'edit']);
    expect(details.versions[1]).toMatchObject({
      changedAt: '2023-11-16T10:30:00+07:00',
      changedBy: 'เจ้าหน้าที่สารบรรณ',
      diff: { subject: ['ส่งรายงานผลการพานักเรียนไปนอกสถานศึกษ', 'ส่งรายงานผลการพานักเรียนไปนอกสถานศึกษา'], remark: ['', 'แก้คำผิด'] },
    });
    // A stale form cannot overwrite a newer version.
    const stale = await app.call('entries.update', { id: e.id, expectedVersion: 1, fields: incoming('ทับของคนอื่น') });
    expect(stale.ok ? '' : stale.error.code).toBe('conflict');
    expect(counts(app).outbox).toBe(2);
  });

  it('is cancelled with a reason, keeps its number and stays in the list', async () => {
    app = openTestApp();
    const a = await app.must('entries.create', incoming('ลงซ้ำโดยไม่ตั้งใจ'));
    await app.must('entries.create', incoming('เรื่องปกติ'));
    const noReason = await app.call('entries.cancel', { id: a.id, expectedVersion: 1, reason: ' ' });
    expect(noReason.ok).toBe(false);
    const c = await app.must('entries.cancel', { id: a.id, expectedVersion: 1, reason: 'ลงทะเบียนซ้ำกับเลข 2' });
    expect([c.status, c.registerNo, c.cancelReason]).toEqual(['cancelled', 1, 'ลงทะเบียนซ้ำกับเลข 2']);
    const page = await app.must('entries.list', { kind: 'incoming' });
    expect(page.rows.map((r) => [r.registerNo, r.status])).toEqual([
      [2, 'active'],
      [1, 'cancelled'],
    ]);
    const again = await app.call('entries.update', { id: a.id, expectedVersion: 2, fields: incoming('แก้หลังยกเลิก') });
    expect(again.ok ? '' : again.error.code).toBe('conflict');
    // Nothing is erased, even behind the app's back.
    expect(() => app.core.store.sqlite.prepare('DELETE FROM entries').run()).toThrow(/never deleted/);
    expect(() => app.core.store.sqlite.prepare('UPDATE entry_versions SET changed_by = ?').run('x')).toThrow(/append-only/);
  });

  it('links a reply to the incoming document both ways', async () => {
    app = openTestApp();
    const inc = await app.must('entries.create', incoming('ขอข้อมูลนักเรียน'));
    const reply = await app.must('entries.create', {
      kind: 'outgoing',
      from: 'สพป.',
      to: inc.from,
      docDate: '2023-11-17',
      subject: `ตอบ: ${inc.subject}`,
      replyToId: inc.id,
    });
    expect((await app.must('entries.get', { id: reply.id })).replyTo?.id).toBe(inc.id);
    expect((await app.must('entries.get', { id: inc.id })).replies.map((r) => r.id)).toEqual([reply.id]);
    const wrong = await app.call('entries.create', { kind: 'outgoing', from: 'ก', to: 'ข', docDate: '2023-11-17', subject: 'ตอบ', replyToId: reply.id });
    expect(wrong.ok ? '' : wrong.error.fields?.replyToId).toBe('ไม่พบหนังสือรับที่ตอบ');
  });

  it('checks that the person belongs to the chosen group', async () => {
    app = openTestApp();
    const g1 = await app.must('groups.save', { name: 'กลุ่มอำนวยการ' });
    const g2 = await app.must('groups.save', { name: 'กลุ่มบริหารงานบุคคล' });
    const p = await app.must('people.save', { name: 'ศิริพรรณ', groupId: g2.id });
    const bad = await app.call('entries.create', incoming('ผิดกลุ่ม', { groupId: g1.id, personId: p.id }));
    expect(bad.ok ? '' : bad.error.fields?.personId).toBe('บุคคลนี้ไม่ได้อยู่ในกลุ่มปฏิบัติที่เลือก');
    const ok = await app.must('entries.create', incoming('ได้กลุ่มจากบุคคล', { personId: p.id }));
    expect([ok.groupName, ok.personName]).toEqual(['กลุ่มบริหารงานบุคคล', 'ศิริพรรณ']);
  });

  it('moves between group totals when its group is edited', async () => {
    app = openTestApp();
    const g1 = await app.must('groups.save', { name: 'กลุ่มอำนวยการ' });
    const g2 = await app.must('groups.save', { name: 'กลุ่มนโยบายและแผน' });
    const e = await app.must('entries.create', incoming('ย้ายกลุ่ม', { groupId: g1.id }));
    await app.must('entries.create', incoming('อยู่กลุ่มเดิม', { groupId: g1.id }));
    const total = async (groupId: number) => (await app.must('entries.list', { kind: 'incoming', groupId })).total;
    expect([await total(g1.id), await total(g2.id)]).toEqual([2, 0]);
    await app.must('entries.update', { id: e.id, expectedVersion: 1, fields: incoming('ย้ายกลุ่ม', { groupId: g2.id }) });
    expect([await total(g1.id), await total(g2.id)]).toEqual([1, 1]);
    expect((await app.must('entries.list', { kind: 'incoming', groupId: g2.id })).rows.map((r) => r.subject)).toEqual(['ย้ายกลุ่ม']);
  });

  it('is all there after the app restarts', async () => {
    app = openTestApp();
    await app.must('demo.load', {});
    const before = await app.must('entries.list', { kind: 'incoming', pageSize: 100 });
    app = app.reopen();
    const after = await app.must('entries.list', { kind: 'incoming', pageSize: 100 });
    expect(after).toEqual(before);
    expect((await app.must('app.info', {})).office.shortName).toBe('สพป.เชียงใหม่ เขต 5');
  });
});
