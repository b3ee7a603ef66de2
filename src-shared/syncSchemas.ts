// The sync wire protocol (desktop <-> central server) and the sync API's inputs, as zod schemas.
// The server validates every body with these; the desktop builds its requests from the same types.
import { z } from 'zod';
import { ATTACHMENT_LIMITS } from './attachmentSchemas.js';
import { REGISTER_KINDS } from './domain.js';
import type { DistPullItem } from './distributionSchemas.js';
import { textField, wireId } from './text.js';

/** PostgreSQL INTEGER: year, register number and version are stored in int4 columns. */
export const INT4_MAX = 2_147_483_647;

export const ORG_KINDS = ['office', 'school', 'agency'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_KIND_LABELS: Record<OrgKind, string> = { office: 'สำนักงานเขตพื้นที่', school: 'โรงเรียน', agency: 'หน่วยงานอื่น' };

export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const sha256Hex = z.string().regex(SHA256_HEX, 'รหัสไฟล์ (SHA-256) ไม่ถูกต้อง');

/** Limits the server enforces; the client sizes its batches inside them. */
export const SYNC_LIMITS = {
  maxBatchItems: 1000,
  maxBodyBytes: 8 * 1024 * 1024,
  /** The same as the largest attachment the desktop can be set to accept: no file is refused twice. */
  maxBlobBytes: ATTACHMENT_LIMITS.maxSizeMbCeiling * 1024 * 1024,
  pullPage: 2000,
} as const;

// ---- enrolment ----
export const enrolmentCode = z
  .string('กรุณากรอกรหัสลงทะเบียนเครื่อง')
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'รหัสลงทะเบียนเครื่องต้องเป็นรูปแบบ XXXX-XXXX-XXXX');

export const enrolRequest = z.object({
  code: enrolmentCode,
  deviceName: textField('ชื่อเครื่อง', 200).min(1, 'กรุณากรอกชื่อเครื่อง'),
  /** The desktop's own register id: a re-enrolment with the same id keeps the device's books. */
  localDeviceId: wireId(100),
  /** The last outbox seq the device will never send (its next push starts after it). */
  afterSeq: z.number().int().min(0),
});
export type EnrolRequest = z.infer<typeof enrolRequest>;

export interface EnrolResponse {
  deviceId: string;
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  credential: string;
  credentialExpiresAt: string;
}

// ---- push ----
export const entryAttachmentRef = z.looseObject({
  sha256: sha256Hex,
  size: z.number().int().min(0),
  name: textField('ชื่อไฟล์', 500, { trim: false }).optional(),
  mimeType: textField('ชนิดไฟล์', 200).optional(),
  description: textField('คำอธิบายไฟล์', 1000, { trim: false }).optional(),
});

/** Base64 (standard alphabet, padded) of exactly `bytes` bytes, or of at most `maxBytes`. */
function base64Of(label: string, opts: { bytes: number } | { maxBytes: number }) {
  const maxChars = 'bytes' in opts ? Math.ceil(opts.bytes / 3) * 4 : Math.ceil(opts.maxBytes / 3) * 4;
  return z
    .string()
    .max(maxChars, `${label}ยาวเกินไป`)
    .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, `${label}ไม่ใช่ base64`)
    .refine((v) => !('bytes' in opts) || v.length === maxChars, `${label}มีขนาดไม่ถูกต้อง`);
}

/** The largest sealed content of one entry: its texts and five file descriptions fit many times over. */
export const SEALED_MAX_BYTES = 256 * 1024;
export const OFFICE_KEY_ID = /^[0-9a-f]{16}$/;

/**
 * A ลับ/ลับมาก entry's content (the fields the secret right protects, with its files' names,
 * descriptions and hashes) encrypted on the desktop with the office's key (AES-256-GCM). The
 * server checks its shape and stores it as it came: it has no key.
 */
export const sealedContent = z.strictObject({
  alg: z.literal('A256GCM'),
  keyId: z.string().regex(OFFICE_KEY_ID, 'รหัสกุญแจไม่ถูกต้อง'),
  iv: base64Of('iv ', { bytes: 12 }),
  tag: base64Of('tag ', { bytes: 16 }),
  ciphertext: base64Of('ข้อมูลที่เข้ารหัส', { maxBytes: SEALED_MAX_BYTES }).refine((v) => v.length > 0, 'ข้อมูลที่เข้ารหัสว่างเปล่า'),
});
export type SealedContent = z.infer<typeof sealedContent>;

/** Fields that carry a document's content: a sealed entry never carries them in clear. */
const CLEAR_CONTENT_FIELDS = ['subject', 'from', 'to', 'remark', 'signer', 'recipient', 'cancelReason', 'details', 'summary', 'files'] as const;

/** The entry snapshot as the desktop stores it; unknown fields travel through unchanged. */
export const entrySnapshot = z.looseObject({
  id: z.uuid(),
  kind: z.enum(REGISTER_KINDS),
  year: z.number().int().min(2400).max(2700),
  /** Negative for a circular (its ว number negated: docNumber.ts circularRegisterNo). */
  registerNo: z.number().int().min(-INT4_MAX).max(INT4_MAX).refine((n) => n !== 0, 'เลขทะเบียนไม่ถูกต้อง'),
  version: z.number().int().min(1).max(INT4_MAX),
  attachments: z.array(entryAttachmentRef).max(20).optional(),
  /** A secret entry sent without its content in clear (ลับที่สุด always; ลับ/ลับมาก sealed or withheld). */
  contentWithheld: z.boolean().optional(),
  sealed: sealedContent.optional(),
}).superRefine((e, ctx) => {
  if (e.sealed === undefined) return;
  if (e.secrecy !== 'secret' && e.secrecy !== 'very_secret') {
    ctx.addIssue({ code: 'custom', path: ['sealed'], message: 'เข้ารหัสได้เฉพาะหนังสือชั้นลับและลับมาก' });
  }
  for (const k of CLEAR_CONTENT_FIELDS) {
    if (k in e) ctx.addIssue({ code: 'custom', path: [k], message: 'รายการที่เข้ารหัสต้องไม่มีเนื้อหาที่อ่านได้' });
  }
  for (const [i, a] of (e.attachments ?? []).entries()) {
    if (a.name !== undefined || a.description !== undefined || a.mimeType !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['attachments', i], message: 'ไฟล์ของรายการที่เข้ารหัสต้องไม่มีชื่อหรือคำอธิบายที่อ่านได้' });
    }
  }
});
export type EntrySnapshot = z.infer<typeof entrySnapshot>;

export const entryPayload = z.object({
  deviceId: wireId(100),
  deviceTime: textField('เวลาเครื่อง', 50),
  version: z.number().int().min(1).max(INT4_MAX),
  entry: entrySnapshot,
  /** 'import': history brought in from AMSS++; the server keeps it without claiming the book. */
  origin: z.literal('import').optional(),
});
export type EntryPayload = z.infer<typeof entryPayload>;

/** One outbox item as the server checks it, item by item: a bad one is rejected on its own. */
export const pushItem = z.object({
  seq: z.number().int().min(1),
  key: wireId(200),
  entity: wireId(50),
  entityId: wireId(100),
  op: wireId(50),
  payload: z.unknown(),
});
export type PushItem = z.infer<typeof pushItem>;

/**
 * The batch's envelope: only `seq` decides the batch's order, so only `seq` is checked for the
 * whole request; everything else is checked per item (pushItem) inside the push.
 */
export const pushEnvelopeItem = z.looseObject({ seq: z.number().int().min(1) });
export type PushEnvelopeItem = z.infer<typeof pushEnvelopeItem>;
export const pushRequest = z.object({
  items: z.array(pushEnvelopeItem).min(1).max(SYNC_LIMITS.maxBatchItems),
});
export type PushRequest = z.infer<typeof pushRequest>;

export type RejectCode =
  | 'book_not_held'
  | 'invalid_payload'
  | 'entry_conflict'
  | 'number_taken'
  | 'unknown_entity'
  | 'future_year'
  | 'storage_failed'
  | 'poison'
  | 'distribution_refused';

export type PushResult =
  | { seq: number; status: 'accepted' }
  | { seq: number; status: 'duplicate'; original: 'accepted' | 'rejected'; code?: RejectCode; reason?: string }
  | { seq: number; status: 'rejected'; code: RejectCode; reason: string };

export interface PushResponse {
  results: PushResult[];
  /** The highest seq the server has from this device after this batch. */
  lastSeq: number;
  /** Set when the batch stopped at a gap: the server needs this seq next. */
  gap?: { expected: number };
  /** Set when the batch stopped at an item whose attachment has not been uploaded. */
  missingBlob?: { seq: number; sha256: string };
}

// ---- the office key for secret entries (its id only: the key never reaches the server) ----
export const officeKeyClaim = z.object({ keyId: z.string().regex(OFFICE_KEY_ID) });
export interface OfficeKeyView {
  /** The organisation's key id, or null while no PC has made one. */
  keyId: string | null;
}

/** What ตั้งค่าระบบ shows about the office key on this PC (never the key). */
export interface OfficeKeyStatus {
  hasKey: boolean;
  keyId: string | null;
  origin: 'generated' | 'imported' | null;
  createdAt: string | null;
  /** The key id the server holds for the office (null: none yet, or not asked since the app started). */
  serverKeyId: string | null;
  enrolled: boolean;
}

/** The key file an admin exports (the key itself wrapped with a key made from the passphrase). */
export interface OfficeKeyFile {
  format: 'saraban-office-key';
  version: 1;
  orgId: string;
  orgName: string;
  keyId: string;
  exportedAt: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  iv: string;
  tag: string;
  ciphertext: string;
}

export const OFFICE_KEY_PASSWORD_MIN = 10;
const keyFilePassword = z
  .string('กรุณากรอกรหัสผ่านของไฟล์กุญแจ')
  .max(200, 'รหัสผ่านยาวเกินไป')
  .min(1, 'กรุณากรอกรหัสผ่านของไฟล์กุญแจ');

export const officeKeyExportInput = z
  .object({
    password: keyFilePassword.refine((v) => v.trim().length >= OFFICE_KEY_PASSWORD_MIN, `รหัสผ่านของไฟล์กุญแจต้องยาวอย่างน้อย ${OFFICE_KEY_PASSWORD_MIN} ตัวอักษร`),
    passwordAgain: z.string().max(200),
  })
  .refine((v) => v.password === v.passwordAgain, { path: ['passwordAgain'], message: 'รหัสผ่านสองช่องไม่ตรงกัน' });

export const officeKeyImportInput = z.object({
  /** The key file's bytes, base64 (a few hundred bytes; anything large is not a key file). */
  keyFileBase64: z.string('กรุณาเลือกไฟล์กุญแจ').min(1, 'กรุณาเลือกไฟล์กุญแจ').max(8192, 'ไฟล์นี้ไม่ใช่ไฟล์กุญแจของสำนักงาน (ใหญ่เกินไป)'),
  password: keyFilePassword,
});

// ---- books ----
export const handoverRequest = z.object({
  kind: z.enum(REGISTER_KINDS),
  year: z.number().int().min(2400).max(2700),
  toDeviceId: wireId(100),
  /** The holder's last outbox seq: the hand-over succeeds only when the server has all of it. */
  throughSeq: z.number().int().min(0),
});
export type HandoverRequest = z.infer<typeof handoverRequest>;

/** An office revokes one of its own PCs (lost, replaced): the server refuses it from then on. */
export const revokeDeviceRequest = z.object({
  deviceId: wireId(100),
  reason: textField('เหตุผล', 500).min(1, 'กรุณาระบุเหตุผลที่ยกเลิกสิทธิ์เครื่อง'),
});
export type RevokeDeviceRequest = z.infer<typeof revokeDeviceRequest>;

export interface BookHolding {
  kind: (typeof REGISTER_KINDS)[number];
  year: number;
  holderDeviceId: string;
  /** Next register number, from the server's copy (for the new holder after a hand-over). */
  nextNo: number;
}

export interface OrgView {
  org: { id: string; name: string; kind: OrgKind };
  devices: { id: string; name: string; enrolledAt: string; lastSeenAt: string | null }[];
  books: BookHolding[];
}

// ---- pull ----
export type PullItem =
  | { serverSeq: number; type: 'ack'; seq: number; status: 'accepted' | 'rejected'; reason: string | null }
  | { serverSeq: number; type: 'book'; book: BookHolding }
  | { serverSeq: number; type: 'message'; body: unknown }
  | DistPullItem;

export interface PullResponse {
  items: PullItem[];
  cursor: number;
  more: boolean;
}

/** Every error the server answers: an HTTP status, a stable code and a Thai message. */
export interface ServerError {
  error: { code: string; message: string };
}

// ---- the desktop API (src-shared/contract.ts) ----
export const syncEnrolInput = z.object({
  serverUrl: z
    .string('กรุณากรอกที่อยู่เซิร์ฟเวอร์')
    .trim()
    .max(500, 'ที่อยู่เซิร์ฟเวอร์ยาวเกินไป')
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '';
      } catch {
        return false;
      }
    }, 'ที่อยู่เซิร์ฟเวอร์ต้องขึ้นต้นด้วย http:// หรือ https://'),
  code: enrolmentCode,
  deviceName: textField('ชื่อเครื่อง', 200).default(''),
});

export const syncRevokeDeviceInput = revokeDeviceRequest;

export const syncSeqInput = z.object({ seq: z.number('รหัสรายการไม่ถูกต้อง').int().positive() });

export const syncHandoverInput = z.object({
  kind: z.enum(REGISTER_KINDS, 'ชนิดทะเบียนไม่ถูกต้อง'),
  year: z.number().int().min(2400).max(2700),
  toDeviceId: wireId(100).refine((v) => v.length > 0, 'กรุณาเลือกเครื่องที่จะรับทะเบียน'),
});

export interface SyncRejectedItem {
  seq: number;
  entityId: string;
  op: string;
  kind: string | null;
  year: number | null;
  registerNo: number | null;
  subject: string | null;
  reason: string;
  createdAt: string;
}

export interface SyncStatus {
  configured: boolean;
  serverUrl: string | null;
  orgName: string | null;
  deviceId: string | null;
  state: 'not_configured' | 'online' | 'offline' | 'syncing';
  pending: number;
  lastSuccessAt: string | null;
  /** Thai date and time of the last successful sync, for the header. */
  lastSuccessText: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  /** "นาฬิกาเครื่องนี้คลาดเคลื่อน …" when this PC's clock is far from the server's, else null. */
  clockWarning: string | null;
  rejected: SyncRejectedItem[];
}

export interface SyncExport {
  fileName: string;
  content: string;
}
