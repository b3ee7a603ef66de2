// What of an entry leaves the PC. A secret entry never carries its content (subject, parties,
// remarks, files and their descriptions: what the desktop's secret right protects) in clear:
// ลับ and ลับมาก go sealed with the office key when this PC holds it (src-main/sync/sealing.ts),
// so the office's other PCs can read them and the server cannot; ลับที่สุด, and any secret
// entry on a PC without the key, go with their public fields only — book, number, dates,
// urgency, secrecy level, status — so the server can hold the book and never reuse a number.
import type { Entry } from '../../src-shared/domain.js';
import type { Store } from '../db/store.js';
import { isSecret } from '../users/secrecy.js';
import { sealedEntry } from './sealing.js';

/** The entry as the outbox sends it. Runs inside the entry's own transaction. */
export function syncedEntry(store: Store, entry: Entry): Record<string, unknown> {
  if (!isSecret(entry.secrecy)) return { ...entry };
  return sealedEntry(store, entry);
}
