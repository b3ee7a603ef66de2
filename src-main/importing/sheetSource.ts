// Registers from a sheet, for offices that only have AMSS++'s "Excel" export (an HTML table
// saved as .xls: export_to_excel.php) or a plain CSV/xlsx with the register's columns. The
// columns are found by their Thai headings; the rows become the same source rows as a dump's.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { RegisterKind } from '../../src-shared/domain.js';
import { THAI_MONTHS_LONG, THAI_MONTHS_SHORT, isValidIsoDate, toArabicDigits } from '../../src-shared/thai.js';
import { cleanText, emptyData, outgoingNumber, type AmssData, type SourceRow } from './amssSource.js';
import { DumpError } from './sqlDump.js';
import { parseCsvRows, readXlsxRows } from '../tableFile.js';

type Field = 'registerNo' | 'year' | 'docNo' | 'docDate' | 'from' | 'to' | 'subject' | 'registeredOn' | 'remark' | 'group' | 'person' | 'recipient' | 'signer';

/** Thai headings (as AMSS++ and the regulation's forms print them) -> field. */
const HEADINGS: [RegExp, Field][] = [
  [/^(เลขทะเบียน(รับ|ส่ง)?|เลขที่คำสั่ง|เลขรับ|เลขที่)$/, 'registerNo'],
  [/^(ปี|ปี พ\.ศ\.)$/, 'year'],
  [/^(ที่|เลขที่หนังสือ)$/, 'docNo'],
  [/^(ลงวันที่|วันที่หนังสือ)$/, 'docDate'],
  [/^จาก$/, 'from'],
  [/^ถึง$/, 'to'],
  [/^เรื่อง$/, 'subject'],
  [/^(วันลงทะเบียน|วันที่ลงทะเบียน|วันที่รับ)$/, 'registeredOn'],
  [/^หมายเหตุ$/, 'remark'],
  [/^(กลุ่มปฏิบัติ|กลุ่มงาน)$/, 'group'],
  [/^(ผู้ปฏิบัติ|บุคคลปฏิบัติ|การปฏิบัติ)$/, 'person'],
  [/^(ผู้ได้รับ|ชื่อผู้ได้รับ)$/, 'recipient'],
  [/^(ผู้ลงนาม)$/, 'signer'],
];

const ENTITY: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#039': "'" };

/** The cells of every row of the first table in an HTML document (what AMSS++ calls Excel). */
export function htmlTableRows(html: string): string[][] {
  const rows: string[][] = [];
  const body = /<table[\s\S]*?<\/table>/i.exec(html)?.[0] ?? html;
  for (const tr of body.split(/<tr[\s>]/i).slice(1)) {
    const cells: string[] = [];
    for (const m of tr.matchAll(/<t[dh][^>]*>([\s\S]*?)(?=<t[dh][\s>]|<\/tr>|$)/gi)) {
      const text = (m[1] ?? '')
        .replace(/<br\s*\/?>/gi, ' ')
        .replace(/<[^>]*>/g, '')
        .replace(/&(nbsp|amp|lt|gt|quot|#0?39);/g, (_x, e: string) => ENTITY[e] ?? '')
        .replace(/\s+/g, ' ')
        .trim();
      cells.push(text);
    }
    if (cells.some((c) => c !== '')) rows.push(cells);
  }
  return rows;
}

const MONTHS = new Map<string, number>([...THAI_MONTHS_SHORT.map((m, i) => [m, i + 1] as const), ...THAI_MONTHS_LONG.map((m, i) => [m, i + 1] as const), ...THAI_MONTHS_SHORT.map((m, i) => [m.replace(/\./g, ''), i + 1] as const)]);

/** "10 ม.ค. 2567", "10 มกราคม 67", "10/01/2567", "2024-01-10" -> Gregorian ISO; '' when it cannot be read. */
export function sheetDate(raw: string): string {
  const s = toArabicDigits(raw).trim();
  if (s === '' || /^0000-00-00/.test(s)) return '';
  const pad = (x: number): string => String(x).padStart(2, '0');
  const greg = (y: number): number => (y < 100 ? y + 2500 - 543 : y > 2400 ? y - 543 : y);
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) {
    const iso = `${greg(Number(m[1]))}-${m[2]}-${m[3]}`;
    return isValidIsoDate(iso) ? iso : '';
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(s);
  if (m) {
    const iso = `${greg(Number(m[3]))}-${pad(Number(m[2]))}-${pad(Number(m[1]))}`;
    return isValidIsoDate(iso) ? iso : '';
  }
  m = /^(\d{1,2})\s*([ก-๙.]+)\s*(\d{2,4})$/.exec(s);
  if (m) {
    const month = MONTHS.get(m[2] as string) ?? MONTHS.get((m[2] as string).replace(/\./g, ''));
    if (!month) return '';
    const iso = `${greg(Number(m[3]))}-${pad(month)}-${pad(Number(m[1]))}`;
    return isValidIsoDate(iso) ? iso : '';
  }
  return '';
}

function readTable(path: string): Promise<string[][]> | string[][] {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(4);
  readSync(fd, head, 0, 4, 0);
  closeSync(fd);
  // Rows with nothing in them are left out, as in a CSV (a row's place is not its identity here).
  if (head[0] === 0x50 && head[1] === 0x4b) return readXlsxRows(path).then((rows) => rows.filter((r) => r.some((c) => c.trim() !== '')));
  if (head[0] === 0xd0 && head[1] === 0xcf) throw new DumpError('ไฟล์ Excel รุ่นเก่า (.xls แบบไบนารี) อ่านไม่ได้ กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx หรือ .csv');
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  if (/<table/i.test(text)) return htmlTableRows(text);
  return parseCsvRows(text);
}

export function isSheetFile(path: string): boolean {
  return /\.(xls|xlsx|csv|html?)$/i.test(path);
}

/** Reads a register sheet of `kind` into source rows (table "sheet_<kind>", ms_id = the row's line). */
export async function readSheet(path: string, kind: RegisterKind): Promise<AmssData> {
  const table = await readTable(path);
  const headerAt = table.findIndex((r) => r.filter((c) => HEADINGS.some(([re]) => re.test(c.trim()))).length >= 3);
  if (headerAt < 0) throw new DumpError(`ไม่พบหัวตาราง (เลขทะเบียน ที่ ลงวันที่ จาก ถึง เรื่อง) ในไฟล์ ${basename(path)}`);
  const columns = new Map<Field, number>();
  (table[headerAt] as string[]).forEach((c, i) => {
    const f = HEADINGS.find(([re]) => re.test(c.trim()))?.[1];
    if (f && !columns.has(f)) columns.set(f, i);
  });
  if (!columns.has('registerNo') || !columns.has('subject')) throw new DumpError('ไฟล์ต้องมีคอลัมน์ "เลขทะเบียน" และ "เรื่อง"');
  const data = emptyData();
  const tableName = `sheet_${kind}`;
  table.slice(headerAt + 1).forEach((cells, i) => {
    const get = (f: Field): string => {
      const at = columns.get(f);
      return at === undefined ? '' : cleanText(cells[at] ?? '', true).text;
    };
    const problems: string[] = [];
    const registerNo = Number(toArabicDigits(get('registerNo')));
    const docDate = sheetDate(get('docDate'));
    if (get('docDate') && !docDate) problems.push(`วันที่หนังสือ "${get('docDate')}" อ่านไม่ได้: นำเข้าเป็นค่าว่าง`);
    const registeredOn = sheetDate(get('registeredOn'));
    let year = Number(toArabicDigits(get('year')));
    if (!year) year = registeredOn ? Number(registeredOn.slice(0, 4)) + 543 : docDate ? Number(docDate.slice(0, 4)) + 543 : 0;
    if (year < 2400) problems.push('ไม่ทราบปีของทะเบียน (ไม่มีคอลัมน์ปีหรือวันลงทะเบียน)');
    if (!Number.isInteger(registerNo) || registerNo < 1) problems.push(`เลขทะเบียน "${get('registerNo')}" ไม่ถูกต้อง: ไม่นำเข้าแถวนี้`);
    const remark = get('remark');
    const cancelled = /^ยกเลิก/.test(remark);
    if (cancelled) problems.push(`หมายเหตุ "${remark}": นำเข้าเป็นรายการที่ยกเลิก (เลขทะเบียนคงเดิม)`);
    const group = get('group');
    if (group) data.workgroups.set(group, group);
    let docNo = get('docNo');
    let circularNo: number | null = null;
    if (kind === 'outgoing') ({ docNo, circularNo } = outgoingNumber(docNo));
    const row: SourceRow = {
      table: tableName,
      msId: headerAt + 2 + i,
      refId: '',
      schoolCode: null,
      kind,
      year,
      registerNo: Number.isInteger(registerNo) ? registerNo : 0,
      circularNo,
      docNo,
      docDate,
      registeredOn,
      from: get('from'),
      to: get('to'),
      subject: get('subject') || '(ไม่มีเรื่อง)',
      remark: cancelled ? '' : remark,
      operation: get('person'),
      signer: get('signer'),
      recipient: get('recipient'),
      workgroup: group || null,
      officer: null,
      secrecy: 'none',
      urgency: 'normal',
      cancelReason: cancelled ? remark : null,
      bookLink: 0,
      ownFile: null,
      problems,
    };
    data.rows.push(row);
    data.tableRows.set(tableName, (data.tableRows.get(tableName) ?? 0) + 1);
  });
  return data;
}
