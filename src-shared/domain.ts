// The vocabulary of the registry, with the Thai labels the clerk sees.

export const REGISTER_KINDS = ['incoming', 'outgoing', 'order', 'certificate'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

export const REGISTER_LABELS: Record<RegisterKind, { book: string; action: string; numberLabel: string }> = {
  incoming: { book: 'ทะเบียนหนังสือรับ', action: 'ลงทะเบียนหนังสือรับ', numberLabel: 'ทะเบียนรับ' },
  outgoing: { book: 'ทะเบียนหนังสือส่ง', action: 'ลงทะเบียนหนังสือส่ง', numberLabel: 'เลขทะเบียน' },
  order: { book: 'ทะเบียนคำสั่ง', action: 'ลงทะเบียนคำสั่ง', numberLabel: 'เลขที่คำสั่ง' },
  certificate: { book: 'ทะเบียนเกียรติบัตร', action: 'ลงทะเบียนเกียรติบัตร', numberLabel: 'เลขที่' },
};

export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'most_urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = {
  normal: 'ปกติ',
  urgent: 'ด่วน',
  very_urgent: 'ด่วนมาก',
  most_urgent: 'ด่วนที่สุด',
};

export const SECRECIES = ['none', 'secret', 'very_secret', 'top_secret'] as const;
export type Secrecy = (typeof SECRECIES)[number];
export const SECRECY_LABELS: Record<Secrecy, string> = {
  none: 'ไม่ลับ',
  secret: 'ลับ',
  very_secret: 'ลับมาก',
  top_secret: 'ลับที่สุด',
};

export const CONTACT_KINDS = ['school', 'agency'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_KIND_LABELS: Record<ContactKind, string> = { school: 'โรงเรียน', agency: 'หน่วยงาน' };

/** ทะเบียนหนังสือส่ง's filter: normal letters (ปกติ), circulars (เวียน, the ว series) or both. */
export const OUTGOING_SERIES = ['all', 'normal', 'circular'] as const;
export type OutgoingSeries = (typeof OUTGOING_SERIES)[number];
export const OUTGOING_SERIES_LABELS: Record<OutgoingSeries, string> = { all: 'ทั้งหมด', normal: 'ปกติ', circular: 'เวียน' };

export const SEARCH_FIELDS = ['all', 'subject', 'from', 'to', 'docNo', 'remark', 'recipient', 'signer'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export const SEARCH_FIELD_LABELS: Record<SearchField, string> = {
  all: 'ทุกช่อง',
  subject: 'เรื่อง',
  from: 'จาก',
  to: 'ถึง',
  docNo: 'ที่',
  remark: 'หมายเหตุ',
  recipient: 'ชื่อผู้ได้รับ',
  signer: 'ผู้ลงนาม',
};
/** Each register searches the fields it has (orders have no จาก/ถึง; certificates a recipient). */
export const SEARCH_FIELDS_BY_KIND: Record<RegisterKind, readonly SearchField[]> = {
  incoming: ['all', 'subject', 'from', 'to', 'docNo', 'remark'],
  outgoing: ['all', 'subject', 'from', 'to', 'docNo', 'remark'],
  order: ['all', 'subject', 'docNo', 'signer', 'remark'],
  certificate: ['all', 'recipient', 'subject', 'docNo', 'signer', 'remark'],
};

export type EntryStatus = 'active' | 'cancelled';

export interface OfficeProfile {
  name: string;
  shortName: string;
  documentPrefix: string;
  /** Whether a space separates the prefix parts: "ที่ ศธ 04051/3959" vs "ที่ ศธ04051/3959". */
  numberSpacing: 'compact' | 'spaced';
  digits: 'arabic' | 'thai';
  /** Certificate number pattern: {prefix} {n:4}/{year}, see docNumber.ts. */
  certificatePattern: string;
}

export interface Group {
  id: number;
  name: string;
  active: boolean;
}

export interface Person {
  id: number;
  name: string;
  groupId: number;
  active: boolean;
}

export interface Contact {
  id: number;
  name: string;
  kind: ContactKind;
  active: boolean;
}

export interface Book {
  id: number;
  kind: RegisterKind;
  year: number;
  nextNo: number;
  nextCircularNo: number;
  entryCount: number;
}

/** One attached file of an entry's current version (the file itself is found by its sha256). */
export interface AttachmentRef {
  sha256: string;
  size: number;
  name: string;
  mimeType: string;
  description: string;
  /** Slot 1..5, as AMSS++'s ไฟล์แนบ 1–5. */
  position: number;
}

/** One register entry as the clerk sees it, in any of the four books. */
export interface Entry {
  id: string;
  kind: RegisterKind;
  year: number;
  registerNo: number;
  circularNo: number | null;
  /** "ที่": the sender's number (incoming) or the number made from ours (outgoing, orders, certificates). */
  docNo: string;
  docDate: string;
  from: string;
  to: string;
  subject: string;
  groupId: number | null;
  groupName: string | null;
  personId: number | null;
  personName: string | null;
  remark: string;
  urgency: Urgency;
  secrecy: Secrecy;
  signer: string;
  recipient: string;
  replyToId: string | null;
  status: EntryStatus;
  cancelReason: string | null;
  registeredAt: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
  /** The current version's files, in slot order; the outbox snapshot carries them. */
  attachments: AttachmentRef[];
}

export interface EntryVersion {
  id: string;
  version: number;
  change: 'create' | 'edit' | 'cancel';
  changedAt: string;
  changedBy: string;
  /** Field name -> [before, after]; empty for create. */
  diff: Record<string, [unknown, unknown]>;
}

export interface EntryLink {
  id: string;
  kind: RegisterKind;
  year: number;
  registerNo: number;
  circularNo: number | null;
  docNo: string;
  subject: string;
}

export interface EntryDetails {
  entry: Entry;
  versions: EntryVersion[];
  replyTo: EntryLink | null;
  replies: EntryLink[];
}

export interface EntryPage {
  rows: Entry[];
  page: number;
  pageSize: number;
  total: number;
  /** True when the total is a lower bound (large searches stop counting). */
  totalIsLowerBound: boolean;
}

export interface NumberChange {
  id: number;
  kind: RegisterKind;
  year: number;
  sequence: 'main' | 'circular';
  before: number;
  after: number;
  reason: string;
  changedBy: string;
  changedAt: string;
}
