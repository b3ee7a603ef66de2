// The date-range presets of the print dialog, from the clerk's today (ISO dates).
import { daysInMonth, parseIsoDate } from '../../../src-shared/thai.js';

export type PeriodPreset = 'today' | 'month' | 'year' | 'custom';

export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  today: 'วันนี้',
  month: 'เดือนนี้',
  year: 'ปีนี้',
  custom: 'กำหนดเอง',
};

const pad = (n: number): string => String(n).padStart(2, '0');

export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, today: string): { from: string; to: string } {
  const d = parseIsoDate(today);
  if (!d) return { from: today, to: today };
  if (preset === 'today') return { from: today, to: today };
  if (preset === 'month') {
    return { from: `${d.year}-${pad(d.month)}-01`, to: `${d.year}-${pad(d.month)}-${pad(daysInMonth(d.year, d.month))}` };
  }
  return { from: `${d.year}-01-01`, to: `${d.year}-12-31` };
}
