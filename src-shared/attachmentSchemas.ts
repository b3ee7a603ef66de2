// Attachments (ไฟล์แนบ): the rules both sides share (allowed types, names, limits), the inputs of
// the attachment methods and their results. Pure: the renderer pre-checks with the same rules
// the core enforces.
import { z } from 'zod';
import { textField } from './text.js';

export const ATTACHMENT_LIMITS = {
  maxFiles: 5,
  /** Bytes per staging call: 1 MB becomes ~1.4 MB of base64, well under the host's body limit. */
  chunkBytes: 1024 * 1024,
  defaultMaxSizeMb: 20,
  maxSizeMbCeiling: 200,
  name: 200,
  description: 300,
  folder: 1000,
} as const;

/** What AMSS++ accepts, and the content type each is stored as. */
export const ATTACHMENT_TYPES = {
  pdf: { mime: 'application/pdf', label: 'PDF' },
  jpg: { mime: 'image/jpeg', label: 'JPG' },
  jpeg: { mime: 'image/jpeg', label: 'JPG' },
  gif: { mime: 'image/gif', label: 'GIF' },
  doc: { mime: 'application/msword', label: 'Word' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word' },
  xls: { mime: 'application/vnd.ms-excel', label: 'Excel' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel' },
  zip: { mime: 'application/zip', label: 'ZIP' },
  rar: { mime: 'application/vnd.rar', label: 'RAR' },
} as const;
export type AttachmentExt = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_EXTS = Object.keys(ATTACHMENT_TYPES) as AttachmentExt[];
export const ACCEPT_ATTRIBUTE = ATTACHMENT_EXTS.map((e) => `.${e}`).join(',');
export const ALLOWED_TYPES_TEXT = 'doc, docx, pdf, xls, xlsx, gif, jpg, zip, rar';

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isAttachmentExt(ext: string): ext is AttachmentExt {
  return Object.prototype.hasOwnProperty.call(ATTACHMENT_TYPES, ext);
}

/** Shown in the app (PDF in a frame, images as pictures); the rest open in the system's program. */
export function viewableInApp(mimeType: string): boolean {
  return mimeType === 'application/pdf' || mimeType === 'image/jpeg' || mimeType === 'image/gif';
}

export function typeLabel(mimeType: string): string {
  for (const t of Object.values(ATTACHMENT_TYPES)) if (t.mime === mimeType) return t.label;
  return mimeType;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const FORBIDDEN_CHARS = /[/\\:*?"<>|]/;
const hasControlChar = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * Why a file name cannot be stored or offered back to Windows, in Thai; null when it is fine.
 * Separators are refused (not stripped): a name is a name, never a path.
 */
export function fileNameProblem(name: string): string | null {
  if (name.trim() === '') return 'ไฟล์ไม่มีชื่อ';
  if ([...name].length > ATTACHMENT_LIMITS.name) return `ชื่อไฟล์ยาวเกิน ${ATTACHMENT_LIMITS.name} ตัวอักษร กรุณาเปลี่ยนชื่อไฟล์`;
  if (FORBIDDEN_CHARS.test(name) || hasControlChar(name)) return `ชื่อไฟล์ "${name}" มีเครื่องหมายที่ใช้ไม่ได้ (/ \\ : * ? " < > |) กรุณาเปลี่ยนชื่อไฟล์`;
  if (name === '.' || name === '..' || /[. ]$/.test(name) || name.startsWith(' ')) return `ชื่อไฟล์ "${name}" ใช้ไม่ได้ กรุณาเปลี่ยนชื่อไฟล์`;
  const stem = name.split('.')[0] ?? '';
  if (WINDOWS_RESERVED.test(stem.trim())) return `ชื่อไฟล์ "${name}" เป็นชื่อสงวนของ Windows (${stem}) กรุณาเปลี่ยนชื่อไฟล์`;
  if (!isAttachmentExt(extensionOf(name))) return `ไฟล์ "${name}" เป็นชนิดที่แนบไม่ได้ แนบได้เฉพาะ ${ALLOWED_TYPES_TEXT}`;
  return null;
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ไบต์`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const sha256Id = z.string().regex(/^[0-9a-f]{64}$/, 'รหัสไฟล์ไม่ถูกต้อง');
const uploadId = z.uuid('รหัสการอัปโหลดไม่ถูกต้อง');
const fileName = textField('ชื่อไฟล์', 1000, { trim: false });
const description = textField('คำอธิบายไฟล์', ATTACHMENT_LIMITS.description).default('');

/**
 * One file of an entry as the forms send it: a file just staged (stagedId) or one the entry
 * already has (sha256, kept when the entry is edited). Position 1..5 is the slot; when absent
 * the order of the list is the order of the slots.
 */
export const attachmentInput = z
  .object({
    stagedId: uploadId.optional(),
    sha256: sha256Id.optional(),
    description,
    position: z.number().int().min(1).max(ATTACHMENT_LIMITS.maxFiles).optional(),
  })
  .refine((a) => (a.stagedId === undefined) !== (a.sha256 === undefined), 'ไฟล์แนบต้องระบุไฟล์ที่อัปโหลดหรือไฟล์เดิมอย่างใดอย่างหนึ่ง');
export type AttachmentInput = z.output<typeof attachmentInput>;

export const attachmentInputList = z
  .array(attachmentInput)
  .max(ATTACHMENT_LIMITS.maxFiles, `แนบไฟล์ได้ไม่เกิน ${ATTACHMENT_LIMITS.maxFiles} ไฟล์ต่อรายการ`);

export const stageBeginInput = z.object({
  name: fileName,
  size: z.number('ขนาดไฟล์ไม่ถูกต้อง').int().min(0),
});
export const stageChunkInput = z.object({
  uploadId,
  offset: z.number().int().min(0),
  /** base64 of at most ATTACHMENT_LIMITS.chunkBytes bytes. */
  data: z.string().max(Math.ceil(ATTACHMENT_LIMITS.chunkBytes / 3) * 4 + 4, 'ส่งข้อมูลครั้งละมากเกินไป'),
});
export const stageFinishInput = z.object({ uploadId });
export const stageFromScanFolderInput = z.object({ name: fileName });
export const readAttachmentInput = z.object({ sha256: sha256Id });
export const exportCopyInput = z.object({
  entryId: z.uuid('รหัสรายการไม่ถูกต้อง'),
  sha256: sha256Id,
  /** Open the copy with the system's program (Electron only). */
  open: z.boolean().default(false),
});
export const attachmentHistoryInput = z.object({ entryId: z.uuid('รหัสรายการไม่ถูกต้อง') });
export const changeAttachmentsInput = z.object({
  entryId: z.uuid('รหัสรายการไม่ถูกต้อง'),
  expectedVersion: z.number().int().positive(),
  attachments: attachmentInputList,
});
export const attachmentSettingsInput = z.object({
  maxSizeMb: z
    .number('ขนาดไฟล์สูงสุดต้องเป็นตัวเลข')
    .int('ขนาดไฟล์สูงสุดต้องเป็นจำนวนเต็ม')
    .min(1, 'ขนาดไฟล์สูงสุดต้องอย่างน้อย 1 MB')
    .max(ATTACHMENT_LIMITS.maxSizeMbCeiling, `ขนาดไฟล์สูงสุดต้องไม่เกิน ${ATTACHMENT_LIMITS.maxSizeMbCeiling} MB`),
  scanFolder: textField('ที่อยู่โฟลเดอร์', ATTACHMENT_LIMITS.folder).default(''),
});
export const sweepInput = z.object({
  graceDays: z.number().int().min(1, 'ระยะเวลาเก็บไฟล์ต้องอย่างน้อย 1 วัน').max(3650).default(7),
});

export type AttachmentSettings = z.output<typeof attachmentSettingsInput>;

export interface StagedFile {
  stagedId: string;
  sha256: string;
  size: number;
  mimeType: string;
  name: string;
}

export interface StageBegun {
  uploadId: string;
  chunkBytes: number;
}

export interface AttachmentContent {
  sha256: string;
  mimeType: string;
  size: number;
  base64: string;
}

export interface ExportedCopy {
  path: string;
  opened: boolean;
}

/** One file of an entry over a range of versions: [versionFrom, versionTo) or still current. */
export interface AttachmentHistoryRow {
  position: number;
  sha256: string;
  name: string;
  description: string;
  size: number;
  mimeType: string;
  versionFrom: number;
  versionTo: number | null;
}

export interface ScanFolderFile {
  name: string;
  size: number;
  modifiedAt: string;
  /** Thai reason when the name alone already rules the file out. */
  problem: string | null;
}

export interface ScanFolderListing {
  folder: string;
  configured: boolean;
  files: ScanFolderFile[];
  error: string | null;
}

export interface BlobProblemEntry {
  entryId: string;
  kind: string;
  year: number;
  registerNo: number;
  name: string;
}

export interface BlobProblem {
  sha256: string;
  problem: 'missing' | 'damaged';
  entries: BlobProblemEntry[];
}

export interface VerifyReport {
  checked: number;
  okCount: number;
  missing: BlobProblem[];
  damaged: BlobProblem[];
  checkedAt: string;
}

export interface SweepReport {
  removedFiles: number;
  removedRows: number;
  freedBytes: number;
  keptRecent: number;
}
