// Secret documents (ลับ and above): without the per-user right, an entry's subject, details and
// files never leave the core. Every path that hands entries to a caller (lists, search, details,
// home, prints, exports, attachments, the HTTP host) passes them through visibleEntry().
import type { Entry, EntryDetails, EntryLink, Secrecy } from '../../src-shared/domain.js';
import { SECRECY_LABELS } from '../../src-shared/domain.js';
import type { Store } from '../db/store.js';
import { currentCaller, type CallContext } from './caller.js';

export function isSecret(secrecy: Secrecy | string): boolean {
  return secrecy !== 'none';
}

/** An entry's secrecy level; undefined when no entry has this id. */
export function secrecyOf(store: Store, entryId: string): Secrecy | undefined {
  return store.raw<{ secrecy: Secrecy }>('SELECT secrecy FROM entries WHERE id = ?', [entryId])[0]?.secrecy;
}

/** Whether the entry with this id is secret (ลับ and above); false when there is none. */
export function entryIsSecret(store: Store, entryId: string): boolean {
  const s = secrecyOf(store, entryId);
  return s !== undefined && isSecret(s);
}

/**
 * Whether the caller of the call in progress may see secret content. The app's own work
 * outside any API call (start-up, backups, scripts) may.
 */
export function callerCanSeeSecret(caller: CallContext | undefined = currentCaller()): boolean {
  return caller === undefined || caller.canSeeSecret;
}

/** Fields (Entry's and the stored column names) that carry a document's content. */
export const SECRET_FIELDS = new Set([
  'subject',
  'from',
  'to',
  'remark',
  'signer',
  'recipient',
  'cancelReason',
  'details',
  'summary',
  'files',
  'attachments',
  'from_text',
  'to_text',
  'cancel_reason',
  'description',
]);

export const HIDDEN_TEXT = 'ลับ';

/** An entry with its content hidden: number, dates, urgency, secrecy and groups stay. */
export function redactEntry<E extends Entry>(entry: E): E {
  return {
    ...entry,
    subject: SECRECY_LABELS[entry.secrecy] ?? HIDDEN_TEXT,
    from: '',
    to: '',
    remark: '',
    signer: '',
    recipient: '',
    cancelReason: entry.cancelReason === null ? null : HIDDEN_TEXT,
  };
}

/** The entry as the current caller may see it. */
export function visibleEntry<E extends Entry>(entry: E, caller: CallContext | undefined = currentCaller()): E {
  return isSecret(entry.secrecy) && !callerCanSeeSecret(caller) ? redactEntry(entry) : entry;
}

export function visibleEntries<E extends Entry>(entries: E[], caller: CallContext | undefined = currentCaller()): E[] {
  return entries.map((e) => visibleEntry(e, caller));
}

/** Whether the current caller may see this entry's files and content. */
export function mayReadContent(entry: { secrecy: Secrecy | string }, caller: CallContext | undefined = currentCaller()): boolean {
  return !isSecret(entry.secrecy) || callerCanSeeSecret(caller);
}

/** Hides the content fields of a JSON value (an audit event's before/after, a version diff). */
export function hideSecretValues(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(hideSecretValues);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_FIELDS.has(k) ? (v === null || v === '' ? v : HIDDEN_TEXT) : hideSecretValues(v);
  }
  return out;
}

/** An entry's details page as the current caller may see it: entry, history, linked entries. */
export function visibleDetails(
  details: EntryDetails,
  secrecyOf: (id: string) => Secrecy | undefined,
  caller: CallContext | undefined = currentCaller(),
): EntryDetails {
  if (callerCanSeeSecret(caller)) return details;
  const link = (l: EntryLink): EntryLink => {
    const s = secrecyOf(l.id);
    return s === undefined || isSecret(s) ? { ...l, subject: s ? SECRECY_LABELS[s] : HIDDEN_TEXT } : l;
  };
  const secret = isSecret(details.entry.secrecy);
  const out: EntryDetails = {
    ...details,
    entry: visibleEntry(details.entry, caller),
    versions: secret
      ? details.versions.map((v) => ({
          ...v,
          diff: Object.fromEntries(
            Object.entries(v.diff).map(([k, pair]) => [k, SECRET_FIELDS.has(k) ? ([HIDDEN_TEXT, HIDDEN_TEXT] as [unknown, unknown]) : pair]),
          ),
        }))
      : details.versions,
    replyTo: details.replyTo ? link(details.replyTo) : null,
    replies: details.replies.map(link),
  };
  // Files travel with the details once attachments land: a secret entry's list is emptied.
  if (secret) for (const key of ['attachments', 'files']) if (key in out) (out as unknown as Record<string, unknown>)[key] = [];
  return out;
}

const SECRECY_SET = new Set<string>(['none', 'secret', 'very_secret', 'top_secret']);
const FILE_KEYS = new Set(['attachments', 'files']);
const FILE_DETAIL_KEYS = new Set(['fileName', 'originalName', 'sha256', 'mime', 'size', 'path']);

type Obj = Record<string, unknown>;

/** A version diff (field -> [before, after]) with the content fields' values hidden. */
function hideDiff(diff: Obj): Obj {
  return Object.fromEntries(Object.entries(diff).map(([k, pair]) => [k, SECRET_FIELDS.has(k) ? [HIDDEN_TEXT, HIDDEN_TEXT] : pair]));
}
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function hideContent(o: Obj, secrecy: Secrecy, alsoFileDetails: boolean): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'subject') out[k] = SECRECY_LABELS[secrecy] ?? HIDDEN_TEXT;
    else if (FILE_KEYS.has(k) && Array.isArray(v)) out[k] = [];
    else if (SECRET_FIELDS.has(k) || (alsoFileDetails && FILE_DETAIL_KEYS.has(k))) out[k] = v === null ? null : typeof v === 'string' ? (k === 'cancelReason' || k === 'cancel_reason' || k === 'description' ? HIDDEN_TEXT : '') : HIDDEN_TEXT;
    else out[k] = v;
  }
  return out;
}

/**
 * Hides secret content anywhere in an API answer, for a caller without the secret right.
 * Applied by dispatch to every method's result, so a method added later (reports, sync,
 * attachments) cannot leak a secret subject by forgetting: it recognises entries (anything
 * with a secrecy level and a subject), entry details (their version diffs), links to entries
 * (looked up by id) and records that belong to an entry (entryId: attachments, history).
 * Strings that embed content (an HTML print, a CSV) cannot be read here: their builders call
 * visibleEntry() themselves.
 */
export function redactOutput(value: unknown, secrecyOf: (entryId: string) => Secrecy | undefined): unknown {
  const cache = new Map<string, Secrecy | undefined>();
  const lookup = (id: string): Secrecy | undefined => {
    if (!cache.has(id)) cache.set(id, secrecyOf(id));
    return cache.get(id);
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isObj(v)) return v;
    const secrecy = typeof v.secrecy === 'string' && SECRECY_SET.has(v.secrecy) ? (v.secrecy as Secrecy) : null;
    if (secrecy !== null && 'subject' in v) {
      if (isSecret(secrecy)) return hideContent(v, secrecy, false);
    } else if (typeof v.id === 'string' && typeof v.subject === 'string' && typeof v.registerNo === 'number') {
      const s = lookup(v.id);
      if (s !== undefined && isSecret(s)) return hideContent(v, s, false);
    } else if (typeof v.entryId === 'string' || typeof v.entityId === 'string') {
      // A record about an entry: its files (attachments), a sync item, a history row.
      const s = lookup((typeof v.entryId === 'string' ? v.entryId : v.entityId) as string);
      if (s !== undefined && isSecret(s)) return walkFields(hideContent(v, s, true));
    }
    if (isObj(v.entry) && Array.isArray(v.versions)) {
      const e = v.entry;
      if (typeof e.secrecy === 'string' && isSecret(e.secrecy)) {
        const out = walkFields(v);
        out.versions = (v.versions as unknown[]).map((ver) =>
          isObj(ver) && isObj(ver.diff) ? { ...walkFields(ver), diff: hideDiff(ver.diff) } : walk(ver),
        );
        for (const k of FILE_KEYS) if (Array.isArray(out[k])) out[k] = [];
        return out;
      }
    }
    return walkFields(v);
  };
  const walkFields = (o: Obj): Obj => {
    const out: Obj = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    return out;
  };
  return walk(value);
}
