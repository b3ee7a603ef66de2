// The audit trail in the clerk's words: what was done, to which entry (book and number, never
// an id), which fields changed (Thai labels) from what to what (Thai dates). Used by the audit
// screen and for the description column of the CSV export; the raw JSON stays in the CSV only.
import { REGISTER_LABELS, SECRECY_LABELS, URGENCY_LABELS, type RegisterKind, type Secrecy, type Urgency } from './domain.js';
import { formatThaiDateShort, formatThaiDateTime, isValidIsoDate } from './thai.js';
import type { AuditEvent } from './usersSchemas.js';
import { ROLE_LABELS, type Role } from './usersSchemas.js';

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'entry.create': 'ลงทะเบียน',
  'entry.edit': 'แก้ไขรายการ',
  'entry.cancel': 'ยกเลิกรายการ',
  'entry.bringBack': 'นำรายการที่หายจากการกู้คืนกลับมา',
  'number.change': 'เปลี่ยนเลขทะเบียนถัดไป',
  settings: 'ตั้งค่าระบบ',
  login: 'เข้าสู่ระบบ',
  'login.failed': 'เข้าสู่ระบบไม่สำเร็จ',
  logout: 'ออกจากระบบ',
  'user.create': 'เพิ่มผู้ใช้',
  'user.edit': 'แก้ไขผู้ใช้',
  'user.password': 'เปลี่ยนรหัสผ่าน',
  'user.locked': 'ล็อกบัญชี',
  'user.unlock': 'ปลดล็อกบัญชี',
  export: 'ส่งออกข้อมูล',
  backup: 'สำรองข้อมูล',
  restore: 'กู้คืนข้อมูล',
  'audit.acknowledge': 'รับทราบว่าบันทึกการใช้งานไม่ตรงกับสำเนา',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Thai labels of the fields an event may carry (entries, settings, users, books). */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  docNo: 'ที่',
  docDate: 'ลงวันที่',
  from: 'จาก',
  to: 'ถึง',
  subject: 'เรื่อง',
  groupId: 'กลุ่มปฏิบัติ',
  personId: 'บุคคลปฏิบัติ',
  remark: 'หมายเหตุ',
  urgency: 'ระดับความสำคัญ',
  secrecy: 'ความลับ',
  signer: 'ผู้ลงนาม',
  recipient: 'ชื่อผู้ได้รับ',
  replyToId: 'ตอบหนังสือรับ',
  status: 'สถานะ',
  cancelReason: 'เหตุผลที่ยกเลิก',
  attachments: 'ไฟล์แนบ',
  next: 'เลขถัดไป',
  reason: 'เหตุผล',
  name: 'ชื่อ',
  shortName: 'ชื่อย่อ',
  docPrefix: 'รหัสหน่วยงาน (ที่)',
  digits: 'รูปแบบตัวเลข',
  active: 'ใช้งาน',
  username: 'ชื่อผู้ใช้',
  displayName: 'ชื่อ-สกุล',
  role: 'บทบาท',
  canSeeSecret: 'สิทธิ์ดูหนังสือลับ',
  lockedUntil: 'ล็อกถึง',
  idleMinutes: 'ออกจากระบบเมื่อไม่ใช้งาน (นาที)',
  dir: 'โฟลเดอร์',
  fontSize: 'ขนาดตัวอักษร',
  rows: 'จำนวนแถว',
  file: 'ไฟล์',
  kind: 'ทะเบียน',
  year: 'ปี',
};

const ENTITY_LABELS: Record<string, string> = {
  office: 'ข้อมูลหน่วยงาน',
  group: 'กลุ่มปฏิบัติ',
  person: 'บุคคล',
  contact: 'รายชื่อหน่วยงานภายนอก/โรงเรียน',
  security: 'ความปลอดภัย',
  backup: 'การสำรองข้อมูล',
  audit: 'บันทึกการใช้งาน',
  'reports.download': 'ทะเบียน/รายงานที่พิมพ์หรือส่งออก',
  'reports.saveSettings': 'การพิมพ์',
  'attachments.exportCopy': 'สำเนาไฟล์แนบ',
  'attachments.sweep': 'การล้างไฟล์แนบที่ไม่ใช้',
  'office.saveAttachmentSettings': 'ไฟล์แนบ',
  'sync.exportRejected': 'รายการที่เซิร์ฟเวอร์ไม่รับ',
  'sync.enrol': 'การเชื่อมต่อเซิร์ฟเวอร์',
  'sync.handover': 'การส่งมอบทะเบียน',
};

const BACKUP_REASONS: Record<string, string> = {
  daily: 'อัตโนมัติรายวัน',
  manual: 'สำรองเอง',
  'before-restore': 'ก่อนกู้คืน',
  'before-migration': 'ก่อนปรับรุ่นฐานข้อมูล',
};

export interface AuditNames {
  group?: (id: number) => string | undefined;
  person?: (id: number) => string | undefined;
}

export interface AuditChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface AuditDescription {
  action: string;
  /** The entry (book and number) or the thing acted on, in Thai. */
  target: string;
  changes: AuditChange[];
  /** Anything else worth saying in one line (a reason, a file, counts). */
  detail: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One value as the clerk reads it. */
export function auditValueText(field: string, v: unknown, names: AuditNames = {}): string {
  if (v === null || v === undefined || v === '') return '—';
  if (field === 'groupId' && typeof v === 'number') return names.group?.(v) ?? `กลุ่มรหัส ${v}`;
  if (field === 'personId' && typeof v === 'number') return names.person?.(v) ?? `บุคคลรหัส ${v}`;
  if (field === 'urgency') return URGENCY_LABELS[v as Urgency] ?? String(v);
  if (field === 'secrecy') return SECRECY_LABELS[v as Secrecy] ?? String(v);
  if (field === 'status') return v === 'cancelled' ? 'ยกเลิก' : v === 'active' ? 'ใช้งาน' : String(v);
  if (field === 'role') return ROLE_LABELS[v as Role] ?? String(v);
  if (field === 'kind') return REGISTER_LABELS[v as RegisterKind]?.book ?? String(v);
  if (field === 'digits') return v === 'thai' ? 'เลขไทย' : 'เลขอารบิก';
  if (typeof v === 'boolean') return v ? 'ใช่' : 'ไม่ใช่';
  if (typeof v === 'string' && isValidIsoDate(v)) return formatThaiDateShort(v);
  if (typeof v === 'string' && ISO_TIME.test(v)) return formatThaiDateTime(v);
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => auditValueText(field, x, names)).join(', ');
  if (isObj(v)) return Object.entries(v).map(([k, x]) => `${AUDIT_FIELD_LABELS[k] ?? k} ${auditValueText(k, x, names)}`).join(', ');
  return String(v);
}

function entryTarget(e: AuditEvent): string {
  const ref = e.entry ?? (isObj(e.after) && typeof e.after.registerNo === 'number' ? (e.after as unknown as AuditEvent['entry']) : null);
  if (!ref) return 'รายการที่ไม่พบในทะเบียน';
  const book = REGISTER_LABELS[ref.kind as RegisterKind]?.book ?? ref.kind;
  return `${book} เลขที่ ${ref.registerNo}/${ref.year}`;
}

function backupTime(name: unknown): string {
  const m = typeof name === 'string' ? /saraban-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name) : null;
  return m ? `ชุดสำรอง ${formatThaiDateTime(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`)}` : `ชุดสำรอง ${String(name ?? '')}`;
}

function diffChanges(before: unknown, after: unknown, names: AuditNames, skip: Set<string> = new Set()): AuditChange[] {
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !skip.has(k));
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: k, label: AUDIT_FIELD_LABELS[k] ?? k, before: k in b ? auditValueText(k, b[k], names) : '—', after: k in a ? auditValueText(k, a[k], names) : '—' }));
}

const num = (v: unknown): string => (typeof v === 'number' ? v.toLocaleString('th-TH') : '0');

/** The event in Thai, for the audit screen and the CSV's description column. */
export function describeAudit(e: AuditEvent, names: AuditNames = {}): AuditDescription {
  const a = isObj(e.after) ? e.after : {};
  const b = isObj(e.before) ? e.before : {};
  const action = auditActionLabel(e.action);
  switch (e.action) {
    case 'entry.create':
      return { action, target: entryTarget(e), changes: [], detail: typeof a.subject === 'string' ? `เรื่อง ${a.subject}` : '' };
    case 'entry.edit':
      return { action, target: entryTarget(e), changes: diffChanges(e.before, e.after, names), detail: '' };
    case 'entry.cancel':
      return { action, target: entryTarget(e), changes: [], detail: `เหตุผล: ${auditValueText('cancelReason', a.cancelReason)}` };
    case 'entry.bringBack':
      return { action, target: entryTarget(e), changes: [], detail: `จาก${a.source === 'server' ? 'เซิร์ฟเวอร์กลาง' : 'สำเนาก่อนกู้คืน'}` };
    case 'number.change': {
      const kind = (a.kind ?? b.kind) as RegisterKind;
      const book = REGISTER_LABELS[kind]?.book ?? String(kind ?? '');
      const seq = a.sequence === 'circular' ? ' (เลขหนังสือเวียน)' : '';
      return {
        action,
        target: `${book} ปี ${String(a.year ?? b.year ?? '')}${seq}`,
        changes: [{ field: 'next', label: 'เลขถัดไป', before: auditValueText('next', b.next), after: auditValueText('next', a.next) }],
        detail: typeof a.reason === 'string' ? `เหตุผล: ${a.reason}` : '',
      };
    }
    case 'backup':
      return {
        action,
        target: backupTime(e.entityId),
        changes: [],
        detail: `${BACKUP_REASONS[String(a.reason)] ?? ''}${typeof a.bytes === 'number' ? ` ขนาด ${Math.max(1, Math.round(a.bytes / 1024)).toLocaleString('th-TH')} KB` : ''}`.trim(),
      };
    case 'restore':
      return {
        action,
        target: backupTime(a.restored ?? e.entityId),
        changes: [],
        detail: [
          a.safetyCopy ? `เก็บข้อมูลก่อนกู้คืนไว้ที่${backupTime(a.safetyCopy)}` : a.damagedFileKeptAs ? 'เก็บไฟล์ที่เสียหายไว้แล้ว' : '',
          typeof a.carriedEvents === 'number' ? `นำบันทึกการใช้งานหลังชุดสำรอง ${num(a.carriedEvents)} รายการมาต่อไว้` : '',
        ].filter(Boolean).join(' · '),
      };
    case 'export':
      return {
        action,
        target: ENTITY_LABELS[e.entity] ?? e.entity,
        changes: [],
        detail: [
          a.printed === true ? 'ส่งไปเครื่องพิมพ์' : '',
          typeof a.rows === 'number' ? `${num(a.rows)} รายการ` : '',
          typeof a.file === 'string' ? `ไฟล์ ${a.file}` : '',
          typeof a.fileName === 'string' ? `ไฟล์ ${a.fileName}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      };
    case 'settings':
      return { action, target: ENTITY_LABELS[e.entity] ?? e.entity, changes: diffChanges(e.before, e.after, names), detail: '' };
    case 'login':
    case 'logout':
    case 'user.password':
    case 'user.unlock':
      return { action, target: typeof a.username === 'string' ? a.username : e.actor, changes: diffChanges(e.before, e.after, names, new Set(['username'])), detail: '' };
    case 'login.failed':
      return { action, target: String(a.username ?? e.actor), changes: [], detail: '' };
    case 'user.create':
    case 'user.edit':
      return {
        action,
        target: String(a.displayName ?? a.username ?? b.displayName ?? ''),
        changes: e.action === 'user.create' ? [] : diffChanges(e.before, e.after, names),
        detail: e.action === 'user.create' ? `บทบาท ${auditValueText('role', a.role)}${a.canSeeSecret ? ' มีสิทธิ์ดูหนังสือลับ' : ''}` : '',
      };
    case 'user.locked':
      return { action, target: e.actor, changes: [], detail: `ถึง ${auditValueText('lockedUntil', a.lockedUntil)}` };
    case 'audit.acknowledge':
      return { action, target: 'บันทึกการใช้งาน', changes: [], detail: typeof a.reason === 'string' ? a.reason : '' };
    default:
      return { action, target: ENTITY_LABELS[e.entity] ?? e.entity, changes: diffChanges(e.before, e.after, names), detail: '' };
  }
}

/** One line of Thai for the CSV export's description column. */
export function auditDescriptionText(e: AuditEvent, names: AuditNames = {}): string {
  const d = describeAudit(e, names);
  const changes = d.changes.map((c) => `${c.label}: ${c.before} → ${c.after}`).join('; ');
  return [`${d.action} ${d.target}`.trim(), changes, d.detail].filter(Boolean).join(' | ');
}
