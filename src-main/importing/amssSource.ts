// Turns AMSS++'s rows (from a dump, or an exported sheet) into normalised source rows: the
// pitfalls of its data are fixed here, each fix noted on the row so the preview can list it.
import type { RegisterKind, Secrecy, Urgency } from '../../src-shared/domain.js';
import { beYear, isValidIsoDate } from '../../src-shared/thai.js';
import { AMSS_TABLES, FILE_TABLES, REGISTER_TABLES, specOf, type RegisterTableSpec } from './amssTables.js';
import { readDump, type SqlRow, type SqlValue } from './sqlDump.js';

export interface SourceFile {
  /** Path under the AMSS++ root's folders; resolved against the candidates in RegisterTableSpec.dirs. */
  fileName: string;
  description: string;
  /** Folder to look in first (book_filebook's files live apart). */
  dirs: string[];
}

export interface SourceRow {
  table: string;
  msId: number;
  refId: string;
  schoolCode: string | null;
  kind: RegisterKind;
  year: number;
  registerNo: number;
  circularNo: number | null;
  docNo: string;
  docDate: string;
  registeredOn: string;
  from: string;
  to: string;
  subject: string;
  remark: string;
  operation: string;
  signer: string;
  recipient: string;
  workgroup: string | null;
  officer: string | null;
  secrecy: Secrecy;
  urgency: Urgency;
  cancelReason: string | null;
  bookLink: number;
  ownFile: string | null;
  problems: string[];
}

export interface AmssData {
  rows: SourceRow[];
  /** (file table, ref_id) -> files, in AMSS++'s order. */
  files: Map<string, Map<string, { fileName: string; description: string }[]>>;
  people: Map<string, string>;
  workgroups: Map<string, string>;
  certificateSigners: Map<string, string>;
  officePrefix: string | null;
  /** book_main by ref_id: the sending module's level and secrecy for book_link 1 rows. */
  bookMain: Map<string, { level: number | null; secret: number }>;
  /** School codes that have rows in the _sch tables (to tell the admin which --school to pick). */
  schoolsInDump: Map<string, number>;
  tableRows: Map<string, number>;
  /** Rows of _sch tables skipped because they belong to another school (or the office's when --school is set). */
  skipped: number;
}

const str = (v: SqlValue | undefined): string => (v === null || v === undefined ? '' : String(v));
const num = (v: SqlValue | undefined): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

const ENTITIES: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&#039;': "'", '&#39;': "'", '&lt;': '<', '&gt;': '>', '&nbsp;': ' ' };

/**
 * AMSS++ text: real \r\n, and the literal two characters "\r" / "\n" left by double escaping,
 * and a few HTML entities. One-line fields become one line.
 */
export function cleanText(raw: string, oneLine: boolean): { text: string; changed: boolean } {
  let t = raw.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n').replace(/&(quot|amp|#0?39|lt|gt|nbsp);/g, (m) => ENTITIES[m] ?? m);
  if (oneLine) t = t.replace(/\s*\n\s*/g, ' ');
  t = t.replace(/[ \t]+/g, ' ').trim();
  return { text: t, changed: t !== raw.trim() };
}

/**
 * A MySQL date as AMSS++ stored it: Gregorian, sometimes 0000-00-00, sometimes (typed by hand)
 * a BE year. Returns '' for no date.
 */
export function normaliseDate(raw: SqlValue | undefined, label: string, problems: string[]): string {
  const s = str(raw).trim().slice(0, 10);
  if (s === '' || /^0000-00-00/.test(s) || s === '0') {
    problems.push(`${label}เป็น 0000-00-00 (ไม่มีวันที่): นำเข้าเป็นค่าว่าง`);
    return '';
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) {
    problems.push(`${label} "${s}" อ่านไม่ได้: นำเข้าเป็นค่าว่าง`);
    return '';
  }
  let year = Number(m[1]);
  if (year > 2400) {
    year -= 543;
    problems.push(`${label} "${s}" บันทึกเป็นปี พ.ศ.: แปลงเป็น ค.ศ. ${year}`);
  }
  const iso = `${String(year).padStart(4, '0')}-${m[2]}-${m[3]}`;
  if (!isValidIsoDate(iso)) {
    problems.push(`${label} "${s}" ไม่มีอยู่จริง: นำเข้าเป็นค่าว่าง`);
    return '';
  }
  return iso;
}

const URGENCY_ORDER: Urgency[] = ['normal', 'urgent', 'very_urgent', 'most_urgent'];

/** The sending module (book_main.level) counts 1-4; the register tables' level 0-3. */
export function urgencyOf(level: number | null, base: 0 | 1, problems: string[]): Urgency {
  if (level === null) return 'normal';
  const u = URGENCY_ORDER[level - base];
  if (!u) {
    problems.push(`ระดับความเร่งด่วน ${level} ไม่รู้จัก: นำเข้าเป็น "ปกติ"`);
    return 'normal';
  }
  return u;
}

/** "ที่ ศธ 04051/ว 123" -> circular 123; the document number is kept exactly as AMSS++ had it. */
export function outgoingNumber(bookNo: string): { docNo: string; circularNo: number | null } {
  const docNo = bookNo.trim();
  const m = /\/\s*ว\s*\.?\s*(\d+)\s*$/.exec(docNo);
  return { docNo, circularNo: m ? Number(m[1]) : null };
}

function fullName(r: SqlRow): string {
  return [str(r.prename).trim() + str(r.name).trim(), str(r.surname).trim()].filter(Boolean).join(' ');
}

/**
 * A copy of a string that does not keep the dump's statement alive: values parsed out of a
 * multi-row INSERT are slices of it, and 100,000 kept slices keep the whole dump in memory.
 */
const own = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));
const NO_PROBLEMS: string[] = [];

/** Maps one register row; the caller has checked that `spec` is its table's spec. */
export function mapRegisterRow(spec: RegisterTableSpec, r: SqlRow, rowNo: number): SourceRow {
  const problems: string[] = [];
  const line = (v: SqlValue | undefined): string => own(cleanText(str(v), true).text);
  const msId = num(r.ms_id) ?? rowNo;
  const year = num(r.year) ?? 0;
  const registerNo = num(r.register_number) ?? 0;
  if (year < 2400 || year > 2700) problems.push(`ปี "${str(r.year)}" ไม่ใช่ปี พ.ศ.`);
  if (registerNo < 1) problems.push(`เลขทะเบียน "${str(r.register_number)}" ไม่ถูกต้อง: ไม่นำเข้าแถวนี้`);
  const docDate = normaliseDate(r.signdate, 'วันที่หนังสือ', problems);
  const registeredOn = normaliseDate(r.register_date, 'วันที่ลงทะเบียน', problems);
  if (registeredOn && year >= 2400 && beYear(Number(registeredOn.slice(0, 4))) !== year) {
    problems.push(`ลงทะเบียนวันที่ ${registeredOn} แต่อยู่ในทะเบียนปี ${year}: เก็บไว้ในปี ${year} ตาม AMSS++`);
  }
  const rawBookNo = line(r.book_no);
  let docNo = rawBookNo;
  let circularNo: number | null = null;
  if (spec.kind === 'outgoing') ({ docNo, circularNo } = outgoingNumber(rawBookNo));
  const comment = cleanText(str(r.comment), false).text;
  const cancelled = /^\s*ยกเลิก/.test(comment);
  if (cancelled) problems.push(`หมายเหตุ "${comment}": นำเข้าเป็นรายการที่ยกเลิก (เลขทะเบียนคงเดิม)`);
  const secretRaw = num(r.secret) ?? 0;
  const levelRaw = 'level' in r ? num(r.level) : null;
  let subject = line(r.subject);
  if (spec.kind === 'certificate' && str(r.subject2).trim()) subject = `${subject} ${line(r.subject2)}`.trim();
  if (!subject) problems.push('ไม่มีเรื่อง: นำเข้าเป็น "(ไม่มีเรื่อง)"');
  const raw = [r.subject, r.book_from, r.book_to, r.comment, r.book_no].map(str).join('\n');
  if (/\\r|\\n|\r/.test(raw)) problems.push('ข้อความมีอักขระขึ้นบรรทัด (\\r) ติดมา: ตัดออกแล้ว');
  const workgroup = str(r.workgroup ?? r.department).trim();
  return {
    table: spec.table,
    msId,
    refId: own(str(r.ref_id).trim()),
    schoolCode: spec.school ? str(r.school_code).trim() : null,
    kind: spec.kind,
    year,
    registerNo,
    circularNo,
    docNo,
    docDate,
    registeredOn,
    from: line(r.book_from),
    to: line(r.book_to),
    subject: subject || '(ไม่มีเรื่อง)',
    remark: cancelled ? '' : own(comment),
    operation: line(r.operation),
    signer: own(str(r.sign_person).trim()),
    recipient: line(r.name_cer),
    workgroup: workgroup === '' || workgroup === '0' ? null : own(workgroup),
    officer: own(str(r.officer).trim()) || null,
    secrecy: secretRaw >= 1 ? 'secret' : 'none',
    urgency: urgencyOf(levelRaw, 0, problems),
    cancelReason: cancelled ? own(comment) : null,
    bookLink: num(r.book_link) ?? 0,
    ownFile: own(str(r.file_name).trim()) || null,
    problems: problems.length ? problems : NO_PROBLEMS,
  };
}

export function emptyData(): AmssData {
  return {
    rows: [],
    files: new Map(FILE_TABLES.map((t) => [t, new Map()])),
    people: new Map(),
    workgroups: new Map(),
    certificateSigners: new Map(),
    officePrefix: null,
    bookMain: new Map(),
    schoolsInDump: new Map(),
    tableRows: new Map(),
    skipped: 0,
  };
}

/** Whether a register row belongs to the school asked for (null: the office's own tables). */
function keepsRow(spec: RegisterTableSpec, r: SqlRow, school: string | null): boolean {
  return spec.school ? str(r.school_code).trim() === school : school === null;
}

/** The book (register and year) a kept register row goes to: as mapRegisterRow sets kind and year. */
const bookOf = (spec: RegisterTableSpec, r: SqlRow): string => `${spec.kind}:${num(r.year) ?? 0}`;

/** Adds one row of any AMSS++ table to `data`. `school`: the school whose _sch tables are wanted, or null for the office's. */
export function addRow(data: AmssData, table: string, r: SqlRow, rowNo: number, school: string | null): void {
  data.tableRows.set(table, (data.tableRows.get(table) ?? 0) + 1);
  const spec = specOf(table);
  if (spec) {
    if (!keepsRow(spec, r, school)) {
      data.skipped++;
      if (spec.school) {
        const code = str(r.school_code).trim();
        data.schoolsInDump.set(code, (data.schoolsInDump.get(code) ?? 0) + 1);
      }
      return;
    }
    if (spec.school) {
      const code = str(r.school_code).trim();
      data.schoolsInDump.set(code, (data.schoolsInDump.get(code) ?? 0) + 1);
      if (code !== school) {
        data.skipped++;
        return;
      }
    } else if (school !== null) {
      data.skipped++;
      return;
    }
    data.rows.push(mapRegisterRow(spec, r, rowNo));
    return;
  }
  const files = data.files.get(table);
  if (files) {
    if (table.endsWith('_sch') && 'school_code' in r && school !== null && str(r.school_code).trim() !== school && table !== 'bookregister_send_filebook_sch') return;
    const ref = own(str(r.ref_id).trim());
    const list = files.get(ref) ?? [];
    list.push({ fileName: own(str(r.file_name).trim()), description: own(cleanText(str(r.file_des), true).text) });
    files.set(ref, list);
    return;
  }
  switch (table) {
    case 'person_main':
      data.people.set(str(r.person_id).trim(), fullName(r));
      return;
    case 'system_workgroup':
      data.workgroups.set(str(r.workgroup).trim(), cleanText(str(r.workgroup_desc), true).text);
      return;
    case 'system_department':
      if (!data.workgroups.has(str(r.department).trim())) data.workgroups.set(str(r.department).trim(), cleanText(str(r.department_name), true).text);
      return;
    case 'bookregister_cer_sign':
      data.certificateSigners.set(str(r.code).trim(), cleanText(str(r.name), true).text);
      return;
    case 'bookregister_office_no': {
      const code = str(r.school_code).trim();
      if (code === (school ?? '')) data.officePrefix = str(r.office_no).trim();
      return;
    }
    case 'book_main':
      data.bookMain.set(str(r.ref_id).trim(), { level: num(r.level), secret: num(r.secret) ?? 0 });
      return;
  }
}

export async function readAmssDump(path: string, school: string | null, onProgress?: (read: number, total: number) => void): Promise<AmssData> {
  const data = emptyData();
  await readDump(path, { tables: AMSS_TABLES, onRow: (table, r, n) => addRow(data, table, r, n, school), onProgress });
  return data;
}

const REGISTER_TABLE_NAMES: ReadonlySet<string> = new Set(REGISTER_TABLES.map((t) => t.table));

export interface AmssLookups {
  data: AmssData;
  /** Kept register rows per book ("kind:year"): the second pass hands a book over once it has them all. */
  bookRows: Map<string, number>;
}

/**
 * First pass over a dump: everything a register row is planned against (file lists, people,
 * work groups, signers, the sending module's levels), and how many rows each book has. The
 * register rows are parsed but not kept (about a second of CPU for 100,000 rows).
 */
export async function readAmssLookups(path: string, school: string | null, onProgress?: (read: number, total: number) => void): Promise<AmssLookups> {
  const data = emptyData();
  const bookRows = new Map<string, number>();
  await readDump(path, {
    tables: AMSS_TABLES,
    onRow: (table, r, n) => {
      const spec = specOf(table);
      if (!spec) addRow(data, table, r, n, school);
      else if (keepsRow(spec, r, school)) {
        const book = bookOf(spec, r);
        bookRows.set(book, (bookRows.get(book) ?? 0) + 1);
      }
    },
    onProgress,
  });
  return { data, bookRows };
}

/**
 * Second pass: the register rows, each book handed to `onBook` as soon as its last row is read
 * and let go after it returns. mysqldump writes a table's rows together and AMSS++ numbers them
 * in time order, so usually one book is held at a time; rows of books that interleave wait in
 * their own book's list, and a book is never split. Returns how many register rows were kept.
 */
export async function streamAmssRows(
  path: string,
  school: string | null,
  lookups: AmssLookups,
  onBook: (rows: SourceRow[]) => void,
  onProgress?: (read: number, total: number) => void,
): Promise<number> {
  const { data, bookRows } = lookups;
  const pending = new Map<string, SourceRow[]>();
  let count = 0;
  await readDump(path, {
    tables: REGISTER_TABLE_NAMES,
    onRow: (table, r, n) => {
      const spec = specOf(table);
      if (!spec) return;
      addRow(data, table, r, n, school);
      const row = data.rows.pop();
      if (!row) return;
      count++;
      const book = bookOf(spec, r);
      const rows = pending.get(book) ?? [];
      rows.push(row);
      if (rows.length < (bookRows.get(book) ?? 0)) pending.set(book, rows);
      else {
        pending.delete(book);
        onBook(rows);
      }
    },
    onProgress,
  });
  // Only if the file changed between the passes: what is left still goes, book by book.
  for (const rows of pending.values()) onBook(rows);
  return count;
}
