// The sync wire protocol (desktop <-> central server) and the sync API's inputs, as zod schemas.
// The server validates every body with these; the desktop builds its requests from the same types.
import { z } from 'zod';
import { REGISTER_KINDS } from './domain.js';

export const ORG_KINDS = ['office', 'school', 'agency'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_KIND_LABELS: Record<OrgKind, string> = { office: 'สำนักงานเขตพื้นที่', school: 'โรงเรียน', agency: 'หน่วยงานอื่น' };

export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const sha256Hex = z.string().regex(SHA256_HEX, 'รหัสไฟล์ (SHA-256) ไม่ถูกต้อง');

/** Limits the server enforces; the client sizes its batches inside them. */
export const SYNC_LIMITS = {
  maxBatchItems: 1000,
  maxBodyBytes: 8 * 1024 * 1024,
  maxBlobBytes: 64 * 1024 * 1024,
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
  deviceName: z.string().trim().min(1).max(200),
  /** The desktop's own register id (for the office's records only). */
  localDeviceId: z.string().max(100),
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
  name: z.string().max(500).optional(),
  mimeType: z.string().max(200).optional(),
  description: z.string().max(1000).optional(),
});

/** The entry snapshot as the desktop stores it; unknown fields travel through unchanged. */
export const entrySnapshot = z.looseObject({
  id: z.uuid(),
  kind: z.enum(REGISTER_KINDS),
  year: z.number().int().min(2400).max(2700),
  /** Negative for a circular (its ว number negated: docNumber.ts circularRegisterNo). */
  registerNo: z.number().int().refine((n) => n !== 0, 'เลขทะเบียนไม่ถูกต้อง'),
  version: z.number().int().min(1),
  attachments: z.array(entryAttachmentRef).max(20).optional(),
});
export type EntrySnapshot = z.infer<typeof entrySnapshot>;

export const entryPayload = z.object({
  deviceId: z.string().max(100),
  deviceTime: z.string().max(50),
  version: z.number().int().min(1),
  entry: entrySnapshot,
  /** 'import': history brought in from AMSS++; the server keeps it without claiming the book. */
  origin: z.literal('import').optional(),
});
export type EntryPayload = z.infer<typeof entryPayload>;

export const pushItem = z.object({
  seq: z.number().int().min(1),
  key: z.string().min(1).max(200),
  entity: z.string().min(1).max(50),
  entityId: z.string().min(1).max(100),
  op: z.string().min(1).max(50),
  /** Validated per item (a bad item is rejected on its own, it does not spoil the batch). */
  payload: z.unknown(),
});
export type PushItem = z.infer<typeof pushItem>;

export const pushRequest = z.object({
  items: z.array(pushItem).min(1).max(SYNC_LIMITS.maxBatchItems),
});
export type PushRequest = z.infer<typeof pushRequest>;

export type RejectCode = 'book_not_held' | 'invalid_payload' | 'entry_conflict' | 'number_taken' | 'unknown_entity';

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

// ---- books ----
export const handoverRequest = z.object({
  kind: z.enum(REGISTER_KINDS),
  year: z.number().int().min(2400).max(2700),
  toDeviceId: z.string().min(1).max(100),
  /** The holder's last outbox seq: the hand-over succeeds only when the server has all of it. */
  throughSeq: z.number().int().min(0),
});
export type HandoverRequest = z.infer<typeof handoverRequest>;

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
  | { serverSeq: number; type: 'message'; body: unknown };

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
  deviceName: z.string().trim().max(200).default(''),
});

export const syncSeqInput = z.object({ seq: z.number('รหัสรายการไม่ถูกต้อง').int().positive() });

export const syncHandoverInput = z.object({
  kind: z.enum(REGISTER_KINDS, 'ชนิดทะเบียนไม่ถูกต้อง'),
  year: z.number().int().min(2400).max(2700),
  toDeviceId: z.string().min(1, 'กรุณาเลือกเครื่องที่จะรับทะเบียน').max(100),
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
  rejected: SyncRejectedItem[];
}

export interface SyncExport {
  fileName: string;
  content: string;
}
