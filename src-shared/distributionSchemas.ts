// Sending documents between organisations (รับส่งหนังสือราชการ): the directory, the outbox
// payloads a desktop pushes (send, receipt, withdraw) and the pull items it learns from. Pure:
// the server validates every pushed item with these, the desktop builds them from the same types.
import { z } from 'zod';
import { SECRECIES, URGENCIES } from './domain.js';
import { ATTACHMENT_LIMITS, fileNameProblem } from './attachmentSchemas.js';
import { sha256Hex } from './syncSchemas.js';
import { isValidIsoDate } from './thai.js';

export const SCHOOL_TYPES = ['government', 'private'] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];
export const SCHOOL_TYPE_LABELS: Record<SchoolType, string> = { government: 'รัฐบาล', private: 'เอกชน' };

/** One organisation as every desktop of the office keeps it (compose works offline from it). */
export interface DirectoryOrg {
  id: string;
  name: string;
  kind: 'office' | 'school' | 'agency';
  parentId: string | null;
  schoolCode: string | null;
  network: string;
  schoolType: SchoolType | null;
  active: boolean;
}

export interface DirectoryResponse {
  /** The highest change marker in this answer; ask again with it to get only what changed. */
  version: number;
  unchanged: boolean;
  orgs: DirectoryOrg[];
}

/** The regulation: ลับที่สุด may not be sent electronically (ระเบียบงานสารบรรณ 2564). */
export const TOP_SECRET_REFUSAL =
  'หนังสือชั้นลับที่สุดส่งทางระบบรับส่งหนังสือราชการไม่ได้ ตามระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ (ฉบับที่ 4) พ.ศ. 2564 หนังสือลับที่สุดต้องส่งเป็นเอกสารโดยบรรจุซองทึบแสงสองชั้นเท่านั้น';

export const DIST_LIMITS = { maxRecipients: 5000, summary: 3000, subject: 1000, docNo: 200, reason: 500 } as const;

const fileRef = z.object({
  position: z.number().int().min(1).max(ATTACHMENT_LIMITS.maxFiles),
  sha256: sha256Hex,
  size: z.number().int().min(1),
  name: z.string().min(1).max(ATTACHMENT_LIMITS.name).refine((n) => fileNameProblem(n) === null, 'ชื่อไฟล์แนบไม่ถูกต้อง'),
  mimeType: z.string().max(200),
  description: z.string().max(ATTACHMENT_LIMITS.description).default(''),
});
export type DistFile = z.infer<typeof fileRef>;

export const distDocument = z.object({
  id: z.uuid(),
  channel: z.enum(['school', 'agency']).default('school'),
  docNo: z.string().trim().max(DIST_LIMITS.docNo).default(''),
  docDate: z.string().refine(isValidIsoDate, 'วันที่ไม่ถูกต้อง'),
  subject: z.string().trim().min(1, 'กรุณากรอกเรื่อง').max(DIST_LIMITS.subject),
  summary: z.string().trim().max(DIST_LIMITS.summary).default(''),
  urgency: z.enum(URGENCIES),
  secrecy: z.enum(SECRECIES).refine((s) => s !== 'top_secret', TOP_SECRET_REFUSAL),
  groups: z.array(z.string().max(200)).max(30).default([]),
  senderName: z.string().max(300),
  sentBy: z.string().max(200).default(''),
  sourceEntryId: z.uuid().nullable().default(null),
  files: z.array(fileRef).max(ATTACHMENT_LIMITS.maxFiles).default([]),
});
export type DistDocument = z.infer<typeof distDocument>;

/** Outbox payloads (entity 'distribution'); op says which. */
export const distSendPayload = z.object({
  document: distDocument,
  recipients: z.array(z.string().min(1).max(100)).min(1, 'กรุณาเลือกผู้รับอย่างน้อยหนึ่งแห่ง').max(DIST_LIMITS.maxRecipients),
});
export type DistSendPayload = z.infer<typeof distSendPayload>;

export const distReceiptPayload = z.object({
  documentId: z.uuid(),
  entryId: z.uuid(),
  registerNo: z.number().int().min(1),
  registerYear: z.number().int().min(2400).max(2700),
  receivedBy: z.string().max(200),
  deviceTime: z.string().max(50),
});
export type DistReceiptPayload = z.infer<typeof distReceiptPayload>;

export const distWithdrawPayload = z.object({
  documentId: z.uuid(),
  reason: z.string().trim().min(1, 'กรุณาระบุเหตุผลที่ยกเลิกการส่ง').max(DIST_LIMITS.reason),
  by: z.string().max(200),
});
export type DistWithdrawPayload = z.infer<typeof distWithdrawPayload>;

export const DIST_ENTITY = 'distribution';
export const DIST_OPS = ['send', 'receipt', 'withdraw'] as const;
export type DistOp = (typeof DIST_OPS)[number];

/** What pull tells a recipient: the document (once) and, later, that it was withdrawn. */
export interface DistInboxDocument {
  id: string;
  senderOrgId: string;
  senderName: string;
  sentAt: string;
  document: Omit<DistDocument, 'id'>;
  withdrawn: { at: string; reason: string } | null;
  /** Set when this organisation already received it (another PC of the same school). */
  receipt: DistReceipt | null;
}

export interface DistReceipt {
  documentId: string;
  orgId: string;
  receivedAt: string;
  receivedBy: string;
  registerNo: number;
  registerYear: number;
}

export type DistPullItem =
  | { serverSeq: number; type: 'dist.document'; document: DistInboxDocument }
  | { serverSeq: number; type: 'dist.receipt'; receipt: DistReceipt }
  | { serverSeq: number; type: 'dist.withdrawn'; documentId: string; at: string; reason: string };

export const DIST_PULL_TYPES = ['dist.document', 'dist.receipt', 'dist.withdrawn'] as const;

/** One row of the office's directory import (CSV/xlsx columns รหัสสถานศึกษา, ชื่อ, กลุ่ม, ประเภท). */
export const directoryImportRow = z.object({
  schoolCode: z.string().trim().regex(/^[0-9A-Za-z-]{1,20}$/, 'รหัสสถานศึกษาต้องเป็นตัวเลขหรือตัวอักษร ไม่เกิน 20 ตัว'),
  name: z.string().trim().min(1, 'กรุณาระบุชื่อสถานศึกษา').max(300, 'ชื่อสถานศึกษายาวเกิน 300 ตัวอักษร'),
  network: z.string().trim().max(200, 'ชื่อกลุ่มยาวเกิน 200 ตัวอักษร').default(''),
  schoolType: z.enum(SCHOOL_TYPES, 'ประเภทต้องเป็น รัฐบาล หรือ เอกชน'),
});
export type DirectoryImportRow = z.infer<typeof directoryImportRow>;

/** รัฐบาล/เอกชน (and the English words) to the stored value; null when unknown. */
export function parseSchoolType(raw: string): SchoolType | null {
  const s = raw.trim().toLowerCase();
  if (s === 'รัฐบาล' || s === 'government' || s === 'รัฐ' || s === '') return 'government';
  if (s === 'เอกชน' || s === 'private') return 'private';
  return null;
}

// ---- the desktop API's inputs and answers ----
const uuid = z.uuid('รหัสหนังสือไม่ถูกต้อง');

export const distComposeInput = z.object({
  channel: z.enum(['school', 'agency']).default('school'),
  /** Sending work groups (tick boxes): their names, recorded with the document. */
  groups: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
  /** ถึง: สถานศึกษารัฐบาลทุกแห่ง, or the chosen organisations (ids) and/or typed school codes. */
  allGovernment: z.boolean().default(false),
  orgIds: z.array(z.string().min(1).max(100)).max(DIST_LIMITS.maxRecipients).default([]),
  schoolCodes: z.array(z.string().trim().min(1).max(20)).max(DIST_LIMITS.maxRecipients).default([]),
  urgency: z.enum(URGENCIES, 'ระดับความสำคัญไม่ถูกต้อง').default('normal'),
  secrecy: z.enum(SECRECIES, 'ชั้นความลับไม่ถูกต้อง').default('none'),
  docNo: z.string().trim().max(DIST_LIMITS.docNo, 'เลขที่หนังสือยาวเกินไป').default(''),
  docDate: z.string('กรุณาระบุวันที่').refine(isValidIsoDate, 'วันที่ไม่ถูกต้อง (ไม่มีวันนี้ในปฏิทิน)'),
  subject: z.string('กรุณากรอกเรื่อง').trim().min(1, 'กรุณากรอกเรื่อง').max(DIST_LIMITS.subject, 'เรื่องยาวเกินไป'),
  summary: z.string().trim().max(DIST_LIMITS.summary, 'เนื้อหาโดยสรุปยาวเกินไป').default(''),
  /** Staged files, or (from an outgoing entry) that entry's files by sha256. */
  attachments: z
    .array(z.object({ stagedId: z.uuid().optional(), sha256: sha256Hex.optional(), description: z.string().trim().max(ATTACHMENT_LIMITS.description).default('') }))
    .max(ATTACHMENT_LIMITS.maxFiles, `แนบไฟล์ได้ไม่เกิน ${ATTACHMENT_LIMITS.maxFiles} ไฟล์`)
    .default([]),
  /** "ส่ง ร.ร." from an outgoing register entry. */
  sourceEntryId: uuid.nullable().default(null),
});
export type DistComposeInput = z.output<typeof distComposeInput>;

export const distIdInput = z.object({ id: uuid });
export const distWithdrawInput = z.object({
  id: uuid,
  reason: z.string('กรุณาระบุเหตุผลที่ยกเลิกการส่ง').trim().min(1, 'กรุณาระบุเหตุผลที่ยกเลิกการส่ง').max(DIST_LIMITS.reason, 'เหตุผลยาวเกินไป'),
});
export const distListInput = z.object({
  archived: z.boolean().default(false),
  query: z.string().trim().max(200).default(''),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});
export const distArchiveInput = z.object({ ids: z.array(uuid).min(1, 'กรุณาเลือกหนังสือ').max(5000) });

export type DistSendState = 'pending' | 'sent' | 'rejected' | 'withdrawn';
export const DIST_SEND_STATE_LABELS: Record<DistSendState, string> = { pending: 'รอส่ง', sent: 'ส่งแล้ว', rejected: 'ส่งไม่สำเร็จ', withdrawn: 'ยกเลิกการส่งแล้ว' };

export interface DistFileView {
  position: number;
  sha256: string;
  name: string;
  description: string;
  size: number;
  mimeType: string;
  downloaded: boolean;
}

export interface DistSentRow {
  id: string;
  channel: 'school' | 'agency';
  sourceEntryId: string | null;
  docNo: string;
  docDate: string;
  subject: string;
  summary: string;
  urgency: (typeof URGENCIES)[number];
  secrecy: (typeof SECRECIES)[number];
  groups: string[];
  state: DistSendState;
  rejectReason: string | null;
  recipientCount: number;
  receivedCount: number;
  createdAt: string;
  createdBy: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  archived: boolean;
  files: DistFileView[];
}

export interface DistTrackingRow {
  position: number;
  orgId: string;
  schoolCode: string | null;
  name: string;
  receivedAt: string | null;
  receivedBy: string | null;
  registerNo: number | null;
  registerYear: number | null;
}

export interface DistSentDetails extends DistSentRow {
  recipients: DistTrackingRow[];
}

export interface DistInboxRow {
  id: string;
  senderOrgId: string;
  senderName: string;
  docNo: string;
  docDate: string;
  subject: string;
  summary: string;
  urgency: (typeof URGENCIES)[number];
  secrecy: (typeof SECRECIES)[number];
  sentAt: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  entryId: string | null;
  receivedAt: string | null;
  registerNo: number | null;
  registerYear: number | null;
  archived: boolean;
  files: DistFileView[];
}

export interface DistOverdueRow {
  document: DistSentRow;
  /** Recipients that have not received it, with how many days it has waited. */
  waiting: DistTrackingRow[];
  days: number;
}

export interface DistPage<T> {
  rows: T[];
  total: number;
}

export const distDirectoryInput = z.object({ includeInactive: z.boolean().default(false) });
export const distEntryIdsInput = z.object({ ids: z.array(z.uuid()).max(500) });
export const distFileInput = z.object({ id: uuid, sha256: sha256Hex });
/** The office's school list file (CSV or xlsx) as the directory screen read it. */
export const distImportInput = z.object({
  name: z.string().trim().min(1).max(300).refine((n) => /\.(csv|xlsx)$/i.test(n), 'ไฟล์ทำเนียบสถานศึกษาต้องเป็น .csv หรือ .xlsx'),
  base64: z.string().min(1, 'ไฟล์ว่างเปล่า').max(14_000_000, 'ไฟล์ใหญ่เกิน 10 MB'),
});

export interface DirectoryImportResult {
  added: number;
  updated: number;
  unchanged: number;
}

export interface DistReceiveResult {
  entryId: string | null;
  registerNo: number;
  registerYear: number;
  already: boolean;
}

export interface DistExport {
  fileName: string;
  mimeType: string;
  base64: string;
  rows: number;
}

export interface DistOld {
  sent: DistSentRow[];
  received: DistInboxRow[];
}
