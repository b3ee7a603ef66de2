// The one rule for text that crosses a boundary (the desktop's contract, the server's wire):
// Unicode NFC, line breaks as \n, and no character a clerk never types on purpose. NUL is refused
// by PostgreSQL's text and jsonb (the server answered 500 for a whole batch) and breaks an SQLite
// FTS5 query; a lone UTF-16 surrogate cannot be stored as UTF-8 at all (SQLite silently replaces
// it, so a hash taken before storing no longer matches). Tab and newline are ordinary text.
import { z } from 'zod';

// C0 controls except tab and newline, DEL and the C1 block.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextProblem = 'control' | 'surrogate';

/** Why a string cannot be stored as text, or null when it can. */
export function textProblem(s: string): TextProblem | null {
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  if (CONTROL.test(s)) return 'control';
  return null;
}

/** CRLF and lone CR become \n, then NFC (Thai typed on different keyboards compares equal). */
export function normaliseText(s: string): string {
  const unified = s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  // normalize() on a string with a lone surrogate is fine; it is refused afterwards anyway.
  return unified.normalize('NFC');
}

/** What would be stored for `s` where only well-formed UTF-16 survives (U+FFFD for a lone half). */
export function storableText(s: string): string {
  return LONE_SURROGATE.test(s) ? s.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD') : s;
}

/** A string safe to show and store (a path or a name from a bad request, inside a reason). */
export function printable(s: string, max = 200): string {
  return storableText(s).replace(new RegExp(CONTROL.source, 'g'), '?').slice(0, max);
}

export function textProblemMessage(label: string, problem: TextProblem): string {
  return problem === 'control'
    ? `${label}มีอักขระควบคุมที่มองไม่เห็น (เช่น NUL) กรุณาลบออกแล้วพิมพ์ใหม่`
    : `${label}มีอักขระที่ไม่สมบูรณ์ (ครึ่งหนึ่งของอักขระพิเศษ) กรุณาลบออกแล้วพิมพ์ใหม่`;
}

/**
 * A text field: normalised once here, then trimmed, checked and length-limited. Every text schema
 * of the contract and of the sync wire is built from this, so no other rule exists anywhere.
 */
export function textField(label: string, max: number, opts: { trim?: boolean } = {}) {
  const base = z
    .string({ error: (issue) => (issue.input === undefined ? `กรุณากรอก${label}` : `${label}ต้องเป็นข้อความ`) })
    .overwrite(normaliseText);
  const trimmed = opts.trim === false ? base : base.trim();
  return trimmed
    .refine((s) => textProblem(s) !== 'control', textProblemMessage(label, 'control'))
    .refine((s) => textProblem(s) !== 'surrogate', textProblemMessage(label, 'surrogate'))
    .max(max, `${label}ยาวเกิน ${max.toLocaleString('en-US')} ตัวอักษร`);
}

/** A machine identifier on the wire (keys, ids, names of kinds): printable, no spaces at the ends. */
export function wireId(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((s) => textProblem(s) === null && s.trim() === s, 'มีอักขระที่ไม่อนุญาต');
}

/**
 * The first value in a JSON document that PostgreSQL could not store (a bad string or key, a
 * number beyond what JSON in PostgreSQL keeps exactly, nesting too deep), as a path, or null.
 */
export function unstorableJsonPath(value: unknown, maxDepth = 32, path = ''): string | null {
  if (typeof value === 'string') return textProblem(value) === 'surrogate' || value.includes('\u0000') ? printable(path) || '(ข้อความ)' : null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '(ตัวเลข)';
  if (value === null || typeof value !== 'object') return null;
  if (maxDepth <= 0) return `${printable(path)} (ซ้อนลึกเกินไป)`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = unstorableJsonPath(value[i], maxDepth - 1, `${path}[${i}]`);
      if (bad !== null) return bad;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${k}` : k;
    if (textProblem(k) === 'surrogate' || k.includes('\u0000')) return printable(at);
    const bad = unstorableJsonPath(v, maxDepth - 1, at);
    if (bad !== null) return bad;
  }
  return null;
}
