// The columns of each register's printed form and export, in the regulation's order
// (ทะเบียนหนังสือรับ / ทะเบียนหนังสือส่ง: เลขทะเบียน · ที่ · ลงวันที่ · จาก · ถึง · เรื่อง · การปฏิบัติ · หมายเหตุ).
import type { Entry, RegisterKind } from '../../src-shared/domain.js';
import { URGENCY_LABELS } from '../../src-shared/domain.js';
import { registerNoText } from '../../src-shared/docNumber.js';
import { applyDigits, formatThaiDateShort, type DigitStyle } from '../../src-shared/thai.js';

export type CellValue = { text: string } | { date: string } | { number: number };

export interface ReportColumn {
  key: string;
  header: string;
  /** Share of the printed table's width, in percent. */
  width: number;
  /** Excel column width, in characters. */
  xlsxWidth: number;
  value(e: Entry): CellValue;
  /** Printed cell: the urgency marker in red goes with the subject. */
  kind?: 'number' | 'date' | 'docNo' | 'subject' | 'action' | 'remark' | 'name';
}

const text = (s: string): CellValue => ({ text: s });

/** การปฏิบัติ: the group and the person to act, one per line. */
export function actionText(e: Entry): string {
  return [e.groupName, e.personName].filter((s): s is string => Boolean(s)).join('\n');
}

export function remarkText(e: Entry): string {
  if (e.status !== 'cancelled') return e.remark;
  return ['ยกเลิก' + (e.cancelReason ? ` (${e.cancelReason})` : ''), e.remark].filter(Boolean).join('\n');
}

export function urgencyText(e: Entry): string | null {
  return e.urgency === 'normal' ? null : URGENCY_LABELS[e.urgency];
}

const number = (header: string, width = 7): ReportColumn => ({
  key: 'registerNo',
  header,
  width,
  xlsxWidth: 12,
  // A circular's เลขทะเบียน is its ว number ("ว 5"), from its own series.
  value: (e) => (e.circularNo === null ? { number: e.registerNo } : text(registerNoText(e))),
  kind: 'number',
});
/** The form's column is headed ที่, so "ที่ ศธ 04051/3959" prints as "ศธ 04051/3959". */
export const withoutThiPrefix = (docNo: string): string => docNo.replace(/^ที่\s*/, '');
const docNo = (header = 'ที่', width = 11.5): ReportColumn => ({
  key: 'docNo',
  header,
  width,
  xlsxWidth: 24,
  value: (e) => text(withoutThiPrefix(e.docNo)),
  kind: 'docNo',
});
const docDate = (header = 'ลงวันที่'): ReportColumn => ({
  key: 'docDate',
  header,
  width: 9,
  xlsxWidth: 14,
  value: (e) => ({ date: e.docDate }),
  kind: 'date',
});
const from: ReportColumn = { key: 'from', header: 'จาก', width: 12, xlsxWidth: 32, value: (e) => text(e.from), kind: 'name' };
/** ถึง: the office itself prints as its short name (html.ts); the export keeps what was typed. */
const to: ReportColumn = { key: 'to', header: 'ถึง', width: 9, xlsxWidth: 32, value: (e) => text(e.to), kind: 'name' };
const subject = (header = 'เรื่อง', width = 24): ReportColumn => ({
  key: 'subject',
  header,
  width,
  xlsxWidth: 60,
  value: (e) => text(e.subject),
  kind: 'subject',
});
const action: ReportColumn = { key: 'action', header: 'การปฏิบัติ', width: 18, xlsxWidth: 34, value: (e) => text(actionText(e)), kind: 'action' };
const remark: ReportColumn = { key: 'remark', header: 'หมายเหตุ', width: 6, xlsxWidth: 24, value: (e) => text(remarkText(e)), kind: 'remark' };
const signer: ReportColumn = { key: 'signer', header: 'ผู้ลงนาม', width: 15, xlsxWidth: 28, value: (e) => text(e.signer), kind: 'name' };

export const REPORT_COLUMNS: Record<RegisterKind, ReportColumn[]> = {
  // เรื่อง gets the width: it is the longest text, and a row is as high as its tallest cell.
  incoming: [number('เลขทะเบียนรับ'), docNo(), docDate(), from, to, subject('เรื่อง', 27.5), action, remark],
  outgoing: [number('เลขทะเบียนส่ง'), docNo(), docDate(), from, to, subject('เรื่อง', 27.5), action, remark],
  order: [number('ลำดับ', 6), docNo('คำสั่งที่', 11), docDate('ลงวันที่'), subject('เรื่อง', 29), signer, action, { ...remark, width: 12 }],
  certificate: [
    number('ลำดับ', 6),
    docNo('เลขที่', 15),
    docDate('ลงวันที่'),
    { key: 'recipient', header: 'ชื่อผู้ได้รับ', width: 18, xlsxWidth: 32, value: (e) => text(e.recipient), kind: 'name' },
    subject('รายการ (โครงการ/กิจกรรม)', 25),
    signer,
    { ...remark, width: 12 },
  ],
};

/** A cell as plain text (CSV and the printed page): dates in Thai with the BE year. */
export function cellText(v: CellValue, digits: DigitStyle): string {
  if ('date' in v) return formatThaiDateShort(v.date, digits);
  if ('number' in v) return applyDigits(String(v.number), digits);
  return v.text;
}
