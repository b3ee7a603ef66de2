// The clerk types dates as on paper: 16/11/2566 (Buddhist Era, Thai or Arabic digits).
// Impossible dates (30/2/2566) are turned into an ISO string that does not exist, so the shared
// schema refuses them with its Thai message instead of the browser silently clearing the field.
import { beYear, parseIsoDate, toArabicDigits } from '../../src-shared/thai.js';

export function isoToThaiInput(iso: string): string {
  const d = parseIsoDate(iso);
  if (!d) return iso;
  return `${d.day}/${d.month}/${beYear(d.year)}`;
}

export function thaiInputToIso(text: string): string {
  const t = toArabicDigits(text.trim());
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const m = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/.exec(t);
  if (!m) return t === '' ? '' : 'invalid';
  let year = Number(m[3]);
  if (year > 2400) year -= 543;
  return `${String(year).padStart(4, '0')}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}`;
}
