import { describe, expect, it } from 'vitest';
import {
  beYearOf,
  formatThaiDateLong,
  formatThaiDateShort,
  formatThaiDateTime,
  formatThaiDateWithWeekday,
  isValidIsoDate,
  localIsoDate,
  localIsoTimestamp,
  toArabicDigits,
  thaiDateRangeShort,
  toThaiDigits,
} from '../../src-shared/thai.js';

describe('Thai dates', () => {
  it('shows Buddhist-Era years in the short and long forms', () => {
    expect(formatThaiDateShort('2023-11-16')).toBe('16 พ.ย. 2566');
    expect(formatThaiDateLong('2023-11-16')).toBe('16 พฤศจิกายน 2566');
    expect(formatThaiDateShort('2024-01-01')).toBe('1 ม.ค. 2567');
  });

  it('agrees with Intl for every month of a year', () => {
    const intl = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    for (let m = 1; m <= 12; m++) {
      const iso = `2023-${String(m).padStart(2, '0')}-15`;
      expect(formatThaiDateShort(iso)).toBe(intl.format(new Date(`${iso}T00:00:00Z`)));
    }
  });

  it('names the weekday as the AMSS++ header does', () => {
    expect(formatThaiDateWithWeekday('2023-11-16')).toBe('วันพฤหัสบดีที่ 16 พฤศจิกายน 2566');
  });

  it('can use Thai digits', () => {
    expect(formatThaiDateShort('2023-11-16', 'thai')).toBe('๑๖ พ.ย. ๒๕๖๖');
    expect(formatThaiDateTime('2023-11-16T09:05:00+07:00')).toBe('16 พ.ย. 2566 09:05 น.');
  });

  it('refuses dates that do not exist', () => {
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-04-31')).toBe(false);
    expect(isValidIsoDate('2023-13-01')).toBe(false);
    expect(isValidIsoDate('16/11/2566')).toBe(false);
  });

  it('takes the BE year from the local calendar date', () => {
    expect(beYearOf('2023-12-31')).toBe(2566);
    expect(beYearOf('2024-01-01')).toBe(2567);
    // 31 Dec 2023 23:30 in Bangkok is already 1 Jan? No: it is still 31 Dec locally (UTC+7).
    const lateNight = new Date('2023-12-31T23:30:00+07:00');
    expect(localIsoDate(lateNight)).toBe('2023-12-31');
    expect(localIsoTimestamp(lateNight)).toBe('2023-12-31T23:30:00+07:00');
    // 1 Jan 00:10 Bangkok is still 31 Dec in UTC: the local date decides.
    expect(localIsoDate(new Date('2024-01-01T00:10:00+07:00'))).toBe('2024-01-01');
  });
});

describe('Thai digits', () => {
  it('converts both ways and leaves other text alone', () => {
    expect(toThaiDigits('ที่ ศธ04051/3959')).toBe('ที่ ศธ๐๔๐๕๑/๓๙๕๙');
    expect(toArabicDigits('ที่ ศธ ๐๔๐๕๑.๐๒๐๑๑๐/๑๕๓')).toBe('ที่ ศธ 04051.020110/153');
  });
});

describe('file names for a date range', () => {
  it('use the BE year and the short Thai month, never a slash', () => {
    expect(thaiDateRangeShort('2026-11-01', '2026-11-29')).toBe('1-29 พ.ย. 2569');
    expect(thaiDateRangeShort('2026-11-16', '2026-11-16')).toBe('16 พ.ย. 2569');
    expect(thaiDateRangeShort('2026-11-28', '2026-12-03')).toBe('28 พ.ย. - 3 ธ.ค. 2569');
    expect(thaiDateRangeShort('2026-12-28', '2027-01-03')).toBe('28 ธ.ค. 2569 - 3 ม.ค. 2570');
  });
});
