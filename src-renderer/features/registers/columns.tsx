// The columns of each register, as the AMSS++ lists show them.
import { SendSchoolsCell } from '../distribution/SendButtons.js';
import { distHref } from '../distribution/distRoute.js';
import type { ReactNode } from 'react';
import { displayDocNo, registerNoText } from '../../../src-shared/docNumber.js';
import type { Entry, RegisterKind } from '../../../src-shared/domain.js';
import { SECRECY_LABELS, URGENCY_LABELS } from '../../../src-shared/domain.js';
import { applyDigits, formatThaiDateShort, type DigitStyle } from '../../../src-shared/thai.js';
import { href } from '../../app/route.js';
import { AttachmentIcon } from '../attachments/AttachmentIcon.js';

export interface Column {
  key: string;
  header: string;
  cell: (e: Entry, digits: DigitStyle) => ReactNode;
  className?: string;
}

export function registerNumberText(e: Entry, digits: DigitStyle): string {
  return e.kind === 'order' || e.kind === 'certificate' ? displayDocNo(e, digits) : registerNoText(e, digits);
}

/** Words of a name longer than this may still wrap inside (a name without spaces would widen the column too much). */
const NOBREAK_MAX = 22;

/**
 * A name or place name that never breaks inside a word: the browser's Thai dictionary does not
 * know "บ้านห้วยโด้ง" or "ราชการฯ" and splits them; each word is kept whole, lines break between words.
 */
export function Words({ text }: { text: string }) {
  const words = text.split(/(\s+)/);
  return (
    <>
      {words.map((w, i) =>
        /\s/.test(w) || w === '' ? (
          w === '' ? null : ' '
        ) : (
          <span key={i} className={[...w].length <= NOBREAK_MAX ? 'word' : undefined}>
            {w}
          </span>
        ),
      )}
    </>
  );
}

export function Marks({ e }: { e: Entry }) {
  return (
    <>
      {e.status === 'cancelled' ? <span className="badge badge-cancelled">ยกเลิก</span> : null}
      {e.secrecy !== 'none' ? <span className="badge badge-secret">{SECRECY_LABELS[e.secrecy]}</span> : null}
      {e.urgency !== 'normal' ? <span className="badge badge-urgent">{URGENCY_LABELS[e.urgency]}</span> : null}
    </>
  );
}

const number: Column = {
  key: 'no',
  header: '',
  className: 'col-no',
  cell: (e, d) => (
    <>
      <span className="regno">{registerNumberText(e, d)}</span>
      {e.status === 'cancelled' ? <span className="badge badge-cancelled">ยกเลิก</span> : null}
    </>
  ),
};
const year: Column = { key: 'year', header: 'ปี', className: 'col-year', cell: (e, d) => applyDigits(String(e.year), d) };
const docNo: Column = { key: 'docNo', header: 'ที่', className: 'col-docno', cell: (e, d) => displayDocNo(e, d) };
const docDate: Column = { key: 'docDate', header: 'ลงวันที่', className: 'col-date', cell: (e, d) => formatThaiDateShort(e.docDate, d) };
const from: Column = { key: 'from', header: 'จาก', cell: (e) => <Words text={e.from} /> };
const to: Column = { key: 'to', header: 'ถึง', cell: (e) => <Words text={e.to} /> };
const subject = (header = 'เรื่อง'): Column => ({
  key: 'subject',
  header,
  className: 'col-subject',
  cell: (e) => (
    <>
      {e.secrecy !== 'none' ? <span className="badge badge-secret">{SECRECY_LABELS[e.secrecy]}</span> : null}
      {e.urgency !== 'normal' ? <span className="badge badge-urgent">{URGENCY_LABELS[e.urgency]}</span> : null}
      <span className="subject-text">{e.subject}</span>
      <AttachmentIcon count={e.attachments.length} />
    </>
  ),
});
const group = (header = 'กลุ่มปฏิบัติ'): Column => ({ key: 'group', header, cell: (e) => <Words text={e.groupName ?? ''} /> });
const person: Column = { key: 'person', header: 'บุคคลปฏิบัติ', className: 'col-person', cell: (e) => <Words text={e.personName ?? ''} /> };
const remark: Column = { key: 'remark', header: 'หมายเหตุ', cell: (e) => e.remark };
const registered: Column = {
  key: 'registeredAt',
  header: 'วันลงทะเบียน',
  className: 'col-date',
  cell: (e, d) => formatThaiDateShort(e.registeredAt.slice(0, 10), d),
};
const signer: Column = { key: 'signer', header: 'ผู้ลงนาม', cell: (e) => <Words text={e.signer} /> };
const details: Column = {
  key: 'details',
  header: 'รายละเอียด',
  className: 'col-details',
  cell: (e, d) => (
    <a href={href.details(e.kind, e.id)} aria-label={`รายละเอียด ${registerNumberText(e, d)}`}>
      คลิก
    </a>
  ),
};

const withHeader = (c: Column, header: string): Column => ({ ...c, header });
// Sending an outgoing letter electronically (src-renderer/features/distribution/).
const sendSchools: Column = { key: 'sendSchools', header: 'ส่ง ร.ร.', cell: (e) => (e.status === 'active' ? <SendSchoolsCell entryId={e.id} /> : null) };
const sendAgency: Column = { key: 'sendAgency', header: 'ส่ง สพร.', cell: (e) => (e.status === 'active' ? <a href={distHref.composeFrom(e.id, 'agency')}>ส่ง สพร.</a> : null) };

export const COLUMNS: Record<RegisterKind, Column[]> = {
  incoming: [withHeader(number, 'ทะเบียนรับ'), year, docNo, docDate, from, to, subject(), group(), person, remark, registered, details],
  outgoing: [withHeader(number, 'เลขทะเบียน'), year, docNo, docDate, from, to, subject(), group(), person, registered, details, sendSchools, sendAgency],
  order: [withHeader(number, 'เลขที่คำสั่ง'), docDate, subject(), signer, group('กลุ่มเจ้าของเรื่อง'), remark, details],
  certificate: [
    withHeader(number, 'เลขที่'),
    { key: 'recipient', header: 'ชื่อผู้ได้รับ', cell: (e) => <Words text={e.recipient} /> },
    subject('รายการ'),
    docDate,
    signer,
    group('กลุ่ม'),
    remark,
    details,
  ],
};
