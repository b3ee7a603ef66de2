// The audit screen speaks Thai (issue 14): what was done, to which entry by book and number
// (never an id), the changed fields with Thai labels and old → new values with Thai dates;
// the CSV export carries the same description, and the raw JSON only there.
import { afterEach, describe, expect, it } from 'vitest';
import { auditDescriptionText, describeAudit } from '../../src-shared/auditText.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';

let app: TestApp | undefined;
afterEach(() => {
  app?.dispose();
  app = undefined;
});

describe('the audit trail in Thai', () => {
  it('names the entry by book and number and shows each changed field old → new with Thai dates', async () => {
    app = openTestApp();
    const group = await app.must('groups.save', { name: 'กลุ่มอำนวยการ' });
    await app.must('entries.create', incoming('เรื่องแรก'));
    const e = await app.must('entries.create', incoming('ขอเชิญประชุม'));
    await app.must('entries.update', { id: e.id, expectedVersion: 1, fields: incoming('ขอเชิญประชุมผู้บริหาร', { docDate: '2023-11-20', urgency: 'most_urgent', groupId: group.id }) });
    await app.must('entries.cancel', { id: e.id, expectedVersion: 2, reason: 'ลงซ้ำกับเลขที่ 1' });
    const rows = (await app.must('audit.list', { pageSize: 50 })).rows;
    const names = { group: (id: number) => (id === group.id ? group.name : undefined) };

    const edit = describeAudit(rows.find((r) => r.action === 'entry.edit') as (typeof rows)[number], names);
    expect(edit.action).toBe('แก้ไขรายการ');
    expect(edit.target).toBe('ทะเบียนหนังสือรับ เลขที่ 2/2566');
    expect(edit.changes).toEqual(
      expect.arrayContaining([
        { field: 'subject', label: 'เรื่อง', before: 'ขอเชิญประชุม', after: 'ขอเชิญประชุมผู้บริหาร' },
        { field: 'docDate', label: 'ลงวันที่', before: '16 พ.ย. 2566', after: '20 พ.ย. 2566' },
        { field: 'urgency', label: 'ระดับความสำคัญ', before: 'ปกติ', after: 'ด่วนที่สุด' },
        { field: 'groupId', label: 'กลุ่มปฏิบัติ', before: '—', after: 'กลุ่มอำนวยการ' },
      ]),
    );
    const shown = [edit.action, edit.target, edit.detail, ...edit.changes.flatMap((c) => [c.label, c.before, c.after])].join(' ');
    expect(shown).not.toContain(e.id);
    expect(shown).not.toMatch(/[{}"]/); // no JSON on screen

    const cancel = describeAudit(rows.find((r) => r.action === 'entry.cancel') as (typeof rows)[number]);
    expect([cancel.action, cancel.target, cancel.detail]).toEqual(['ยกเลิกรายการ', 'ทะเบียนหนังสือรับ เลขที่ 2/2566', 'เหตุผล: ลงซ้ำกับเลขที่ 1']);
    const numberChange = ({ seq: 1, at: '2023-11-16T09:00:00+07:00', actor: 'ระบบ', action: 'number.change', entity: 'book', entityId: '1', before: { kind: 'incoming', year: 2566, sequence: 'main', next: 2 }, after: { kind: 'incoming', year: 2566, sequence: 'main', next: 100, reason: 'ต่อจากสมุด' }, hash: '' });
    expect(auditDescriptionText(numberChange)).toBe('เปลี่ยนเลขทะเบียนถัดไป ทะเบียนหนังสือรับ ปี 2566 | เลขถัดไป: 2 → 100 | เหตุผล: ต่อจากสมุด');
  });

  it('exports a Thai description beside the raw JSON', async () => {
    app = openTestApp();
    const e = await app.must('entries.create', incoming('ขอเชิญประชุม'));
    await app.must('entries.update', { id: e.id, expectedVersion: 1, fields: incoming('ขอเชิญประชุมผู้บริหาร') });
    const csv = (await app.must('audit.export', {})).csv;
    const [header, ...lines] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header).toBe('ลำดับ,เวลา,ผู้ใช้,การกระทำ,รายการ,คำอธิบาย,ประเภท,รหัสรายการ,ก่อน (JSON),หลัง (JSON),hash');
    const edit = lines.find((l) => l.includes('แก้ไขรายการ')) ?? '';
    expect(edit).toContain('16 พ.ย. 2566 09:00 น.');
    expect(edit).toContain('ทะเบียนหนังสือรับ เลขที่ 1/2566');
    expect(edit).toContain('เรื่อง: ขอเชิญประชุม → ขอเชิญประชุมผู้บริหาร');
    expect(edit).toContain('""subject"":""ขอเชิญประชุมผู้บริหาร""'); // the raw JSON, for an auditor's tools
  });
});
