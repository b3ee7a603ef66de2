import { describe, expect, it } from 'vitest';
import { entryFields, fieldErrors, listEntriesInput } from '../../src-shared/schemas.js';

const valid = {
  kind: 'incoming',
  from: 'ศาลากลางจังหวัดเชียงใหม่',
  to: 'สำนักงานเขตพื้นที่การศึกษา',
  docNo: 'ที่ ชม 0017.3/ว35614',
  docDate: '2023-11-16',
  subject: 'การเลื่อนวันหยุดชดเชยวันหยุดราชการฯ',
};

function errorsOf(input: unknown): Record<string, string> {
  const r = entryFields.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
}

describe('entry validation', () => {
  it('accepts a real row and fills the defaults', () => {
    const r = entryFields.parse(valid);
    expect(r).toMatchObject({ urgency: 'normal', secrecy: 'none', groupId: null, remark: '' });
  });

  it('gives Thai messages per field', () => {
    expect(errorsOf({ ...valid, subject: '   ' }).subject).toBe('กรุณากรอกเรื่อง');
    expect(errorsOf({ ...valid, subject: 'ก'.repeat(10_000) }).subject).toBe('เรื่องยาวเกิน 1,000 ตัวอักษร');
    expect(errorsOf({ ...valid, docDate: '2023-02-30' }).docDate).toBe('วันที่ไม่ถูกต้อง (ไม่มีวันนี้ในปฏิทิน)');
    expect(errorsOf({ ...valid, from: '' }).from).toBe('กรุณากรอกจาก');
    expect(errorsOf({ ...valid, urgency: 'panic' }).urgency).toBe('ระดับความสำคัญไม่ถูกต้อง');
    expect(errorsOf({ ...valid, groupId: -1 }).groupId).toBe('กลุ่มปฏิบัติไม่ถูกต้อง');
  });

  it('requires the certificate recipient', () => {
    expect(errorsOf({ kind: 'certificate', docDate: '2023-11-16', subject: 'ค่ายวิทยาศาสตร์' }).recipient).toBe('กรุณากรอกชื่อผู้ได้รับ');
  });

  it('bounds list paging', () => {
    expect(listEntriesInput.safeParse({ kind: 'incoming', pageSize: 100000 }).success).toBe(false);
    expect(listEntriesInput.parse({ kind: 'incoming' })).toMatchObject({ page: 1, pageSize: 20, field: 'all', q: '' });
  });
});
