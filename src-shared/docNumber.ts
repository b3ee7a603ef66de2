// Document numbers made from register numbers. Stored canonically (Arabic digits);
// displayed through displayDocNo so screen, print and exports agree on digit style.
import type { Entry, OfficeProfile } from './domain.js';
import { applyDigits, type DigitStyle } from './thai.js';

export interface NumberStyle {
  documentPrefix: string;
  numberSpacing: 'compact' | 'spaced';
}

/** "ที่ ศธ04051/3959", or for a circular "ที่ ศธ04051/ว 123" ("ว123" when compact). */
export function outgoingDocNo(style: NumberStyle, registerNo: number, circularNo: number | null): string {
  const tail = circularNo === null ? String(registerNo) : `ว${style.numberSpacing === 'spaced' ? ' ' : ''}${circularNo}`;
  return `ที่ ${style.documentPrefix.trim()}/${tail}`;
}

/**
 * ทะเบียนหนังสือเวียน shares the outgoing book but not its numbers: a circular's register_no is
 * its ว number negated (unique beside the normal series, which it never consumes).
 */
export function circularRegisterNo(circularNo: number): number {
  return -circularNo;
}

/** The เลขทะเบียน as written in the register: "3962", or "ว 5" for a circular. */
export function registerNoText(e: { registerNo: number; circularNo: number | null }, digits: DigitStyle = 'arabic'): string {
  return applyDigits(e.circularNo === null ? String(e.registerNo) : `ว ${e.circularNo}`, digits);
}

/** Orders: "123/2566". */
export function orderDocNo(registerNo: number, year: number): string {
  return `${registerNo}/${year}`;
}

/**
 * Certificates follow an office-set pattern; tokens: {n} or {n:4} (zero-padded), {year}.
 * "สพป.ชม.5 {n:4}/{year}" -> "สพป.ชม.5 0001/2566".
 */
export function certificateDocNo(pattern: string, registerNo: number, year: number): string {
  return pattern
    .replace(/\{n(?::(\d+))?\}/g, (_m, width: string | undefined) =>
      width ? String(registerNo).padStart(Number(width), '0') : String(registerNo),
    )
    .replace(/\{year\}/g, String(year));
}

export function isValidCertificatePattern(pattern: string): boolean {
  return /\{n(?::\d+)?\}/.test(pattern);
}

/** The document number as shown anywhere: our own numbers follow the office digit style. */
export function displayDocNo(entry: Pick<Entry, 'kind' | 'docNo'>, digits: DigitStyle): string {
  return entry.kind === 'incoming' ? entry.docNo : applyDigits(entry.docNo, digits);
}

/**
 * Whether a letter's ถึง is the office itself: its full or short name, or the start of the full
 * name (AMSS++'s default "สำนักงานเขตพื้นที่การศึกษา…"). Printed as the short name, so one
 * four-line name does not make a row four lines high.
 */
export function isOwnOffice(to: string, office: Pick<OfficeProfile, 'name' | 'shortName'>): boolean {
  const t = to.replace(/\s+/g, ' ').trim();
  if (t === '') return false;
  const name = office.name.replace(/\s+/g, ' ').trim();
  return t === name || t === office.shortName.trim() || (t.length >= 10 && name.startsWith(t));
}

export function orderTitle(office: Pick<OfficeProfile, 'shortName'>, docNo: string): string {
  return `คำสั่ง ${office.shortName} ที่ ${docNo}`;
}
