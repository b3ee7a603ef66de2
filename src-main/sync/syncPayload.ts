// What of an entry leaves the PC. A secret entry (ลับ, ลับมาก, ลับที่สุด) travels to the server
// with its public fields only — book, number, dates, urgency, secrecy level, status — so the
// server can hold the book and never reuse its number, while its content (subject, parties,
// remarks, files and their descriptions: what the desktop's secret right protects) stays on
// this PC. Encrypting ลับ/ลับมาก content with an office key so other PCs of the office can read
// it is the next step (README: "Secret entries and the server"); ลับที่สุด stays here for good.
import type { Entry } from '../../src-shared/domain.js';
import { SECRET_FIELDS, isSecret } from '../users/secrecy.js';

/** The entry as the outbox sends it. */
export function syncedEntry(entry: Entry): Record<string, unknown> {
  if (!isSecret(entry.secrecy)) return { ...entry };
  const out: Record<string, unknown> = { contentWithheld: true };
  for (const [k, v] of Object.entries(entry)) {
    if (SECRET_FIELDS.has(k)) continue;
    out[k] = v;
  }
  return out;
}
