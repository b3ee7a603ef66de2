// Bulk certificates: one activity, many recipients, one contiguous block of numbers issued in
// a single transaction. Nothing is numbered while any row is invalid.
import type { z } from 'zod';
import type { BulkIssued, BulkPreview, BulkPreviewRow } from '../../src-shared/contract.js';
import { certificateDocNo } from '../../src-shared/docNumber.js';
import { LIMITS, type bulkCertificatesInput, type EntryFields } from '../../src-shared/schemas.js';
import { beYearOf, localIsoDate } from '../../src-shared/thai.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { findBook } from './books.js';
import { insertEntries } from './entries.js';
import { getOffice, requireOfficeSetUp } from './office.js';

type BulkInput = z.output<typeof bulkCertificatesInput>;

const CONTROL = /[\u0000-\u001f\u007f]/;

function checkRecipients(recipients: string[]): BulkPreviewRow[] {
  const rows: BulkPreviewRow[] = [];
  recipients.forEach((raw, i) => {
    const recipient = raw.trim();
    if (recipient === '') return;
    let error: string | null = null;
    if ([...recipient].length > LIMITS.text) error = `ชื่อยาวเกิน ${LIMITS.text} ตัวอักษร`;
    else if (CONTROL.test(recipient)) error = 'มีอักขระที่ไม่ใช่ข้อความ';
    rows.push({ line: i + 1, recipient, error });
  });
  return rows;
}

export function previewBulkCertificates(core: Core, input: BulkInput): BulkPreview {
  const rows = checkRecipients(input.recipients);
  const year = beYearOf(localIsoDate(core.now()));
  const nextNo = findBook(core.store, 'certificate', year)?.nextNo ?? 1;
  const validCount = rows.filter((r) => r.error === null).length;
  return { rows, validCount, invalidCount: rows.length - validCount, firstNo: nextNo, lastNo: nextNo + validCount - 1, year };
}

export function issueBulkCertificates(core: Core, input: BulkInput): BulkIssued {
  requireOfficeSetUp(core.store, 'certificate');
  const rows = checkRecipients(input.recipients);
  const bad = rows.filter((r) => r.error !== null);
  if (bad.length > 0) {
    throw new DomainError(
      'invalid_input',
      `มีรายชื่อที่ไม่ถูกต้อง ${bad.length} รายการ (บรรทัด ${bad.slice(0, 5).map((r) => r.line).join(', ')}) กรุณาแก้ไขหรือตัดออกก่อนออกเลข`,
      { recipients: 'มีรายชื่อที่ไม่ถูกต้อง' },
    );
  }
  if (rows.length === 0) throw new DomainError('invalid_input', 'ไม่มีรายชื่อผู้ได้รับ', { recipients: 'ไม่มีรายชื่อผู้ได้รับ' });
  const ctx = core.writeContext();
  const fields: EntryFields[] = rows.map((r) => ({
    kind: 'certificate',
    recipient: r.recipient,
    subject: input.subject,
    docDate: input.docDate,
    signer: input.signer,
    groupId: input.groupId,
    personId: null,
    remark: input.remark,
    urgency: 'normal',
    secrecy: 'none',
  }));
  const entries = core.store.tx(() => insertEntries(ctx, 'certificate', fields));
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (!first || !last) throw new Error('bulk issue produced no entries');
  const pattern = getOffice(core.store).certificatePattern;
  return {
    count: entries.length,
    firstNo: first.registerNo,
    lastNo: last.registerNo,
    year: first.year,
    firstDocNo: certificateDocNo(pattern, first.registerNo, first.year),
    lastDocNo: certificateDocNo(pattern, last.registerNo, last.year),
  };
}
