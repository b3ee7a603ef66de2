// zod schemas for every input that crosses a boundary, with Thai messages for the clerk.
// The renderer validates with the same schemas before sending; the core validates again.
import { z } from 'zod';
import {
  CONTACT_KINDS,
  OUTGOING_SERIES,
  REGISTER_KINDS,
  SEARCH_FIELDS,
  SECRECIES,
  URGENCIES,
} from './domain.js';
import { isValidIsoDate } from './thai.js';
import { isValidCertificatePattern } from './docNumber.js';
import { attachmentInputList } from './attachmentSchemas.js';
import { textField } from './text.js';

export const LIMITS = {
  subject: 1000,
  text: 300,
  remark: 1000,
  docNo: 200,
  reason: 500,
  name: 200,
  query: 200,
  bulkRecipients: 5000,
} as const;

const text = (label: string, max: number) => textField(label, max);

function requiredText(label: string, max: number) {
  return text(label, max).min(1, `กรุณากรอก${label}`);
}

export const isoDate = z
  .string('กรุณาระบุวันที่')
  .refine(isValidIsoDate, 'วันที่ไม่ถูกต้อง (ไม่มีวันนี้ในปฏิทิน)');

const id = z.number('รหัสไม่ถูกต้อง').int().positive();
const optionalRef = (label: string) => z.number(`${label}ไม่ถูกต้อง`).int().positive(`${label}ไม่ถูกต้อง`).nullable().default(null);
export const entryId = z.uuid('รหัสรายการไม่ถูกต้อง');
export const registerKind = z.enum(REGISTER_KINDS, 'ชนิดทะเบียนไม่ถูกต้อง');
const beYearSchema = z.number('ปีไม่ถูกต้อง').int().min(2400, 'ปี พ.ศ. ไม่ถูกต้อง').max(2700, 'ปี พ.ศ. ไม่ถูกต้อง');

const common = {
  docDate: isoDate,
  subject: requiredText('เรื่อง', LIMITS.subject),
  groupId: optionalRef('กลุ่มปฏิบัติ'),
  personId: optionalRef('บุคคลปฏิบัติ'),
  remark: text('หมายเหตุ', LIMITS.remark).default(''),
  urgency: z.enum(URGENCIES, 'ระดับความสำคัญไม่ถูกต้อง').default('normal'),
  secrecy: z.enum(SECRECIES, 'ชั้นความลับไม่ถูกต้อง').default('none'),
  /** ไฟล์แนบ 1–5. Absent: none on create, unchanged on update (so older callers keep working). */
  attachments: attachmentInputList.optional(),
};

export const incomingFields = z.object({
  kind: z.literal('incoming'),
  ...common,
  docNo: text('เลขที่หนังสือ', LIMITS.docNo).default(''),
  from: requiredText('จาก', LIMITS.text),
  to: requiredText('ถึง', LIMITS.text),
});

export const outgoingFields = z.object({
  kind: z.literal('outgoing'),
  ...common,
  circular: z.boolean().default(false),
  from: requiredText('จาก', LIMITS.text),
  to: requiredText('ถึง', LIMITS.text),
  replyToId: entryId.nullable().default(null),
});

export const orderFields = z.object({
  kind: z.literal('order'),
  ...common,
  signer: text('ผู้ลงนาม', LIMITS.text).default(''),
});

export const certificateFields = z.object({
  kind: z.literal('certificate'),
  ...common,
  subject: requiredText('รายการ (โครงการ/กิจกรรม)', LIMITS.subject),
  recipient: requiredText('ชื่อผู้ได้รับ', LIMITS.text),
  signer: text('ผู้ลงนาม', LIMITS.text).default(''),
});

export const entryFields = z.discriminatedUnion('kind', [incomingFields, outgoingFields, orderFields, certificateFields]);
export type EntryFieldsInput = z.input<typeof entryFields>;
export type EntryFields = z.output<typeof entryFields>;

export const createEntryInput = entryFields;

export const updateEntryInput = z.object({
  id: entryId,
  expectedVersion: z.number().int().positive(),
  fields: entryFields,
});

export const cancelEntryInput = z.object({
  id: entryId,
  expectedVersion: z.number().int().positive(),
  reason: requiredText('เหตุผลที่ยกเลิก', LIMITS.reason),
});

export const getEntryInput = z.object({ id: entryId });

export const listEntriesInput = z.object({
  kind: registerKind,
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(5).max(200).default(20),
  groupId: id.nullable().default(null),
  year: beYearSchema.nullable().default(null),
  field: z.enum(SEARCH_FIELDS).default('all'),
  q: text('คำค้น', LIMITS.query).default(''),
  series: z.enum(OUTGOING_SERIES, 'ชนิดหนังสือส่งไม่ถูกต้อง').default('all'),
});

export const officeInput = z.object({
  name: requiredText('ชื่อหน่วยงาน', LIMITS.name),
  shortName: requiredText('ชื่อย่อ', LIMITS.name),
  documentPrefix: requiredText('รหัสหนังสือ (เช่น ศธ04051)', 50).refine((v) => !v.includes('/'), 'รหัสหนังสือต้องไม่มีเครื่องหมาย /'),
  numberSpacing: z.enum(['compact', 'spaced']).default('spaced'),
  digits: z.enum(['arabic', 'thai']).default('arabic'),
  certificatePattern: requiredText('รูปแบบเลขเกียรติบัตร', 100).refine(
    isValidCertificatePattern,
    'รูปแบบเลขเกียรติบัตรต้องมี {n} หรือ {n:4}',
  ),
});

export const saveGroupInput = z.object({
  id: id.nullable().default(null),
  name: requiredText('ชื่อกลุ่ม', LIMITS.name),
  active: z.boolean().default(true),
});

export const savePersonInput = z.object({
  id: id.nullable().default(null),
  name: requiredText('ชื่อบุคคล', LIMITS.name),
  groupId: id,
  active: z.boolean().default(true),
});

export const saveContactInput = z.object({
  id: id.nullable().default(null),
  name: requiredText('ชื่อ', LIMITS.name),
  kind: z.enum(CONTACT_KINDS, 'ประเภทไม่ถูกต้อง'),
  active: z.boolean().default(true),
});

/** จาก/ถึง as typed before in a register, for the form's suggestions. */
export const suggestNamesInput = z.object({
  kind: z.enum(['incoming', 'outgoing'], 'ชนิดทะเบียนไม่ถูกต้อง'),
  field: z.enum(['from', 'to'], 'ช่องไม่ถูกต้อง'),
  q: text('คำค้น', LIMITS.query).default(''),
  limit: z.number().int().min(1).max(50).default(15),
});

export const listContactsInput = z.object({
  q: text('คำค้น', LIMITS.query).default(''),
  kind: z.enum(CONTACT_KINDS).nullable().default(null),
  includeInactive: z.boolean().default(false),
  limit: z.number().int().min(1).max(1000).default(50),
});

export const listInactiveInput = z.object({ includeInactive: z.boolean().default(false) });

export const booksInput = z.object({ kind: registerKind });

export const setNextNumberInput = z.object({
  kind: registerKind,
  year: beYearSchema,
  sequence: z.enum(['main', 'circular']).default('main'),
  next: z.number('เลขถัดไปต้องเป็นตัวเลข').int('เลขถัดไปต้องเป็นจำนวนเต็ม').min(1, 'เลขถัดไปต้องมากกว่า 0').max(9_999_999, 'เลขถัดไปใหญ่เกินไป'),
  reason: requiredText('เหตุผล', LIMITS.reason),
});

export const bulkCertificatesInput = z.object({
  subject: requiredText('รายการ (โครงการ/กิจกรรม)', LIMITS.subject),
  docDate: isoDate,
  signer: text('ผู้ลงนาม', LIMITS.text).default(''),
  groupId: optionalRef('กลุ่ม'),
  remark: text('หมายเหตุ', LIMITS.remark).default(''),
  // A name's length (LIMITS.text) is checked row by row by the preview, which names the line;
  // here only what no row may carry at all (control characters, an absurd length) is refused.
  recipients: z
    .array(textField('ชื่อผู้ได้รับ', LIMITS.remark * 10))
    .min(1, 'ไม่มีรายชื่อผู้ได้รับ')
    .max(LIMITS.bulkRecipients, `รายชื่อเกิน ${LIMITS.bulkRecipients.toLocaleString('en-US')} รายการ`),
});

export const empty = z.object({}).default({});

/** Turns zod issues into the per-field Thai messages the forms show. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}
