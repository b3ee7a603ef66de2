// Thai calendar and digit helpers. Pure: dates travel as ISO strings (YYYY-MM-DD) and
// are shown with Buddhist-Era years; Intl does the calendar so we never add 543 by hand
// in more than one place.

const BE_OFFSET = 543;
const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

export const THAI_MONTHS_SHORT = [
  'ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.',
] as const;
export const THAI_MONTHS_LONG = [
  'มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน',
  'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม',
] as const;
const THAI_WEEKDAYS = ['อาทิตย์', 'จันทร์', 'อังคาร', 'พุธ', 'พฤหัสบดี', 'ศุกร์', 'เสาร์'] as const;

export type DigitStyle = 'arabic' | 'thai';

export function toThaiDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)] ?? d);
}

export function toArabicDigits(text: string): string {
  return text.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));
}

export function applyDigits(text: string, style: DigitStyle): string {
  return style === 'thai' ? toThaiDigits(text) : text;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD and rejects dates that do not exist (2023-02-30). */
export function parseIsoDate(iso: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isValidIsoDate(iso: string): boolean {
  return parseIsoDate(iso) !== null;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function beYear(gregorianYear: number): number {
  return gregorianYear + BE_OFFSET;
}

export function gregorianYear(be: number): number {
  return be - BE_OFFSET;
}

/** The BE year of an ISO date ("2023-11-16" -> 2566). */
export function beYearOf(iso: string): number {
  const d = parseIsoDate(iso);
  if (!d) throw new Error(`not an ISO date: ${iso}`);
  return beYear(d.year);
}

/** "16 พ.ย. 2566" */
export function formatThaiDateShort(iso: string, digits: DigitStyle = 'arabic'): string {
  const d = parseIsoDate(iso);
  if (!d) return iso;
  return applyDigits(`${d.day} ${THAI_MONTHS_SHORT[d.month - 1]} ${beYear(d.year)}`, digits);
}

/** "16 พฤศจิกายน 2566" */
export function formatThaiDateLong(iso: string, digits: DigitStyle = 'arabic'): string {
  const d = parseIsoDate(iso);
  if (!d) return iso;
  return applyDigits(`${d.day} ${THAI_MONTHS_LONG[d.month - 1]} ${beYear(d.year)}`, digits);
}

/** "วันพฤหัสบดีที่ 16 พฤศจิกายน 2566", as AMSS++ shows in every header. */
export function formatThaiDateWithWeekday(iso: string, digits: DigitStyle = 'arabic'): string {
  const d = parseIsoDate(iso);
  if (!d) return iso;
  const weekday = THAI_WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()];
  return `วัน${weekday}ที่ ${formatThaiDateLong(iso, digits)}`;
}

/** A local timestamp (ISO with offset) as "16 พ.ย. 2566 09:41 น." */
export function formatThaiDateTime(isoTimestamp: string, digits: DigitStyle = 'arabic'): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(isoTimestamp);
  if (!m) return isoTimestamp;
  return `${formatThaiDateShort(m[1] as string, digits)} ${applyDigits(`${m[2]}:${m[3]}`, digits)} น.`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The local calendar date of a Date as YYYY-MM-DD (the clerk's wall clock, not UTC). */
export function localIsoDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local time of a Date as an ISO timestamp with its UTC offset. */
export function localIsoTimestamp(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${localIsoDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Thai number with thousands separators ("14,535") in the chosen digits. */
export function formatNumber(n: number, digits: DigitStyle = 'arabic'): string {
  return applyDigits(n.toLocaleString('en-US'), digits);
}

/**
 * A date range as a clerk names a file: "16 พ.ย. 2569", "1-29 พ.ย. 2569",
 * "28 พ.ย. - 3 ธ.ค. 2569", "28 ธ.ค. 2569 - 3 ม.ค. 2570" (no "/", which a file name cannot hold).
 */
export function thaiDateRangeShort(from: string, to: string): string {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (!a || !b) return `${from} - ${to}`;
  const month = (d: { month: number }) => THAI_MONTHS_SHORT[d.month - 1] as string;
  if (from === to) return `${a.day} ${month(a)} ${beYear(a.year)}`;
  if (a.year !== b.year) return `${a.day} ${month(a)} ${beYear(a.year)} - ${b.day} ${month(b)} ${beYear(b.year)}`;
  if (a.month !== b.month) return `${a.day} ${month(a)} - ${b.day} ${month(b)} ${beYear(b.year)}`;
  return `${a.day}-${b.day} ${month(b)} ${beYear(b.year)}`;
}
