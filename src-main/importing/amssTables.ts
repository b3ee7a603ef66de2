// AMSS++'s tables as an office's dump has them, and how each becomes a Saraban Desk entry.
// Read from AMSS++'s own install scripts (modules/bookregister/install/create_table.php,
// modules/book/install/create_table.php) and the PHP that writes the rows (main/send.php etc.).
//
// Column mapping (AMSS++ -> Saraban Desk entries):
//   bookregister_receive[_sch]     -> incoming     bookregister_send[_sch]   -> outgoing
//   bookregister_command[_sch]     -> order        bookregister_certificate[_sch] -> certificate
//   year (BE)            -> year (the book)      register_number -> register_no (kept, never renumbered)
//   book_no              -> doc_no; outgoing "ที่ <office_no>[ว]<n>": a trailing ว<n> -> circular_no = n
//   signdate (Gregorian) -> doc_date             register_date (Gregorian) -> registered_on/at
//   book_from / book_to  -> from_text / to_text  subject (+ subject2 of certificates) -> subject
//   comment              -> remark; a comment starting with "ยกเลิก" -> status cancelled, cancel_reason
//   workgroup|department -> group (by system_workgroup.workgroup_desc; unknown codes: no group, listed)
//   operation            -> person of that group (created by name), or "ผู้ปฏิบัติ: …" in remark
//   officer (person_id)  -> who registered: person_main prename+name+surname (version's changed_by)
//   secret 0/1           -> secrecy none/secret;  level: bookregister 0-3, book_main 1-4 -> urgency
//   name_cer             -> recipient; sign_person -> signer (bookregister_cer_sign.name)
//   files: *_filebook (ref_id, file_name, file_des) in modules/bookregister/upload_files1..4/;
//          commands and certificates carry file_name themselves; a received letter with
//          book_link 1 has the sending module's files (book_filebook, modules/book/upload_files/),
//          book_link 2 a school's outgoing files (bookregister_send_filebook_sch).
//   source: (table, ms_id, ref_id) -> import_sources; ms_id is unique per table, ref_id is not
//          unique across tables, so files are looked up per file table and ref_id.
import type { RegisterKind } from '../../src-shared/domain.js';

export interface RegisterTableSpec {
  table: string;
  kind: RegisterKind;
  school: boolean;
  /** The table listing this register's own files by ref_id; null: the row's file_name column. */
  fileTable: string | null;
  /** Folders (under the AMSS++ root) where its files are, the usual one first. */
  dirs: string[];
}

const BR = 'modules/bookregister';
const BOOK_FILES = 'modules/book/upload_files';

function spec(base: string, kind: RegisterKind, fileTable: string | null, dir: string): RegisterTableSpec[] {
  const all = [`${BR}/upload_files1`, `${BR}/upload_files2`, `${BR}/upload_files3`, `${BR}/upload_files4`, BOOK_FILES];
  const dirs = [`${BR}/${dir}`, ...all.filter((d) => d !== `${BR}/${dir}`)];
  return [
    { table: base, kind, school: false, fileTable, dirs },
    { table: `${base}_sch`, kind, school: true, fileTable: fileTable ? `${fileTable}_sch` : null, dirs },
  ];
}

export const REGISTER_TABLES: RegisterTableSpec[] = [
  ...spec('bookregister_receive', 'incoming', 'bookregister_receive_filebook', 'upload_files1'),
  ...spec('bookregister_send', 'outgoing', 'bookregister_send_filebook', 'upload_files2'),
  ...spec('bookregister_command', 'order', null, 'upload_files3'),
  ...spec('bookregister_certificate', 'certificate', null, 'upload_files4'),
];

export const FILE_TABLES = [
  'bookregister_receive_filebook',
  'bookregister_receive_filebook_sch',
  'bookregister_send_filebook',
  'bookregister_send_filebook_sch',
  'book_filebook',
] as const;

export const DIRECTORY_TABLES = ['person_main', 'system_workgroup', 'system_department', 'bookregister_office_no', 'bookregister_year', 'bookregister_cer_sign', 'book_main'] as const;

export const AMSS_TABLES: ReadonlySet<string> = new Set([...REGISTER_TABLES.map((t) => t.table), ...FILE_TABLES, ...DIRECTORY_TABLES]);

export function specOf(table: string): RegisterTableSpec | undefined {
  return REGISTER_TABLES.find((t) => t.table === table);
}

export const TABLE_LABELS: Record<string, string> = {
  bookregister_receive: 'ทะเบียนหนังสือรับ',
  bookregister_send: 'ทะเบียนหนังสือส่ง',
  bookregister_command: 'ทะเบียนคำสั่ง',
  bookregister_certificate: 'ทะเบียนเกียรติบัตร',
};
