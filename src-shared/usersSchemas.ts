// Users, roles, the audit trail and backups: the inputs and results that cross the boundary.
import { z } from 'zod';
import type { FirstRunDataDir } from './desktopSchemas.js';
import { textField } from './text.js';

export const ROLES = ['admin', 'clerk', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'ผู้ดูแลระบบ',
  clerk: 'เจ้าหน้าที่สารบรรณ',
  viewer: 'ผู้ดูอย่างเดียว',
};

export const PASSWORD_MIN = 8;

const username = z
  .string('กรุณากรอกชื่อผู้ใช้')
  .trim()
  .min(1, 'กรุณากรอกชื่อผู้ใช้')
  .max(64, 'ชื่อผู้ใช้ยาวเกิน 64 ตัวอักษร')
  .regex(/^[A-Za-z0-9._-]+$/, 'ชื่อผู้ใช้ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข และ . _ -');
const displayName = textField('ชื่อ-สกุล', 200).min(1, 'กรุณากรอกชื่อ-สกุล');
const newPassword = z
  .string('กรุณากรอกรหัสผ่าน')
  .min(PASSWORD_MIN, `รหัสผ่านต้องยาวอย่างน้อย ${PASSWORD_MIN} ตัวอักษร`)
  .max(200, 'รหัสผ่านยาวเกิน 200 ตัวอักษร');

export const setupAdminInput = z.object({ username, displayName, password: newPassword });
export const loginInput = z.object({
  username: textField('ชื่อผู้ใช้', 64).min(1, 'กรุณากรอกชื่อผู้ใช้'),
  password: z.string('กรุณากรอกรหัสผ่าน').min(1, 'กรุณากรอกรหัสผ่าน').max(200, 'รหัสผ่านยาวเกิน 200 ตัวอักษร'),
});
export const changePasswordInput = z.object({
  current: z.string('กรุณากรอกรหัสผ่านเดิม').min(1, 'กรุณากรอกรหัสผ่านเดิม').max(200),
  next: newPassword,
});
export const saveUserInput = z.object({
  id: z.number().int().positive().nullable().default(null),
  username,
  displayName,
  role: z.enum(ROLES, 'กรุณาเลือกบทบาท'),
  canSeeSecret: z.boolean().default(false),
  active: z.boolean().default(true),
  /** Required for a new user; for an existing one, set only to change it. */
  password: newPassword.nullable().default(null),
});
export const userIdInput = z.object({ id: z.number().int().positive() });
export const securitySettingsInput = z.object({
  idleMinutes: z.number('กรุณาระบุเวลา').int('ต้องเป็นจำนวนเต็ม').min(1, 'อย่างน้อย 1 นาที').max(480, 'ไม่เกิน 480 นาที'),
});
export const auditListInput = z.object({
  page: z.number().int().positive().default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
  entityId: z.string().max(100).nullable().default(null),
  action: z.string().max(100).nullable().default(null),
});
export const entryHistoryInput = z.object({ id: z.string().min(1).max(100) });
export const backupConfigInput = z.object({
  dir: textField('โฟลเดอร์สำรองข้อมูล', 1000).min(1, 'กรุณาระบุโฟลเดอร์สำรองข้อมูล'),
});
export const backupNameInput = z.object({ name: z.string().trim().min(1, 'กรุณาเลือกชุดสำรอง').max(300) });
export const recoveryRestoreInput = z.object({ name: z.string().trim().max(300).nullable().default(null) });

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  canSeeSecret: boolean;
}

export interface UserAccount extends SessionUser {
  active: boolean;
  lockedUntil: string | null;
  failedCount: number;
  createdAt: string;
}

export interface AuthStatus {
  mode: 'normal' | 'recovery';
  needsSetup: boolean;
  user: SessionUser | null;
  idleMinutes: number;
  /** Only while needsSetup, in the desktop app and the browser host: where the register will live. */
  setupDataDir?: FirstRunDataDir | null;
}

export interface LoginResult {
  /** Empty in Electron: the main process keeps the session for the window. */
  sessionId: string;
  user: SessionUser;
}

export interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
  /** For an entry's event: its book and number, so the screen never shows an id. */
  entry?: { kind: string; year: number; registerNo: number } | null;
}

export interface AuditPage {
  rows: AuditEvent[];
  page: number;
  pageSize: number;
  total: number;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first event whose hash or link does not match, with the reason in Thai. */
  firstBreak: { seq: number; reason: string } | null;
  /** What the trail was compared with besides itself (the server's copy, the backups). */
  witnesses?: AuditWitnessReport;
}

export interface AuditWitnessReport {
  server: 'matched' | 'mismatch' | 'offline' | 'not_configured';
  serverChecked: number;
  backupsChecked: number;
}

/** The red notice on รายการหลัก: the last automatic check found the trail broken. */
export interface AuditAlert {
  broken: boolean;
  firstBreak: { seq: number; reason: string } | null;
  checkedAt: string | null;
}

export interface AuditExport {
  fileName: string;
  /** CSV, UTF-8 with BOM (opens in Thai Excel). */
  csv: string;
  rows: number;
}

export interface BackupPreview {
  counts: Record<string, number>;
  /** Against the register as it is now (backup.preview only). */
  loss?: RestoreLossPreview;
  lastEntry: { kind: string; year: number; registerNo: number; docNo: string; subject: string; secrecy: string; registeredAt: string } | null;
  auditEvents: number;
}

export interface BackupInfo {
  name: string;
  createdAt: string;
  reason: 'daily' | 'manual' | 'before-restore' | 'before-migration';
  bytes: number;
  attachmentsAdded: number;
  preview: BackupPreview | null;
  good: boolean;
}

export interface BackupStatus {
  dir: string;
  dirIsInsideData: boolean;
  lastBackupAt: string | null;
  lastError: string | null;
  running: boolean;
  keep: { daily: number; weekly: number; monthly: number };
  backups: BackupInfo[];
}

export interface RestoreResult {
  restored: string;
  safetyCopy: string;
  preview: BackupPreview;
  /** Audit events after the backup, carried into the restored register. */
  carriedEvents?: number;
  /** Books whose next number moved on past what had been issued before the restore. */
  continued?: { kind: string; year: number; sequence: 'main' | 'circular'; before: number; after: number }[];
  /** Entries (or later edits) the backup lacks, listed for the clerk to bring back. */
  lostEntries?: number;
  /** Numbers issued of which nothing else is known. */
  lostNumbers?: number;
}

/** What a restore would take away, for the confirmation dialog. */
export interface RestoreLossPreview {
  /** Entries registered after the backup, per book: they leave the register (and are listed to bring back). */
  entries: { kind: string; year: number; circular: boolean; count: number; fromNo: number; toNo: number }[];
  /** Entries edited or cancelled after the backup: the backup has their older version. */
  edits: number;
  /** Where each book's numbers go on after the restore (never back onto a number already issued). */
  nextNumbers: { kind: string; year: number; next: number }[];
  /** Audit events after the backup: they stay in the trail. */
  auditEventsKept: number;
}

/** An entry (or its later edits) a restore took away, or a number issued of which nothing else is known. */
export interface RestoreLoss {
  id: number;
  restored: string;
  restoredAt: string;
  source: 'safety' | 'server' | 'numbers';
  what: 'entry' | 'edits' | 'number';
  entryId: string | null;
  kind: 'incoming' | 'outgoing' | 'order' | 'certificate';
  year: number;
  registerNo: number;
  /** A circular's ว number (its registerNo is that number negated). */
  circularNo: number | null;
  docNo: string;
  subject: string;
  secrecy: 'none' | 'secret' | 'very_secret' | 'top_secret';
  registeredAt: string | null;
  canBringBack: boolean;
  broughtBackAt: string | null;
  broughtBackBy: string | null;
}

export const restoreLossIdInput = z.object({ id: z.number().int().positive() });

export interface RecoveryStatus {
  mode: 'normal' | 'recovery';
  detail: string | null;
  backups: BackupInfo[];
  /** The register's quick check is still running in the background: the renderer asks again. */
  checking?: boolean;
}

export interface RecoveryExport {
  folder: string;
  files: string[];
  rows: number;
}
