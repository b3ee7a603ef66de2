// The rows a register report prints: one book (kind), a range of registration dates, optionally
// a work group, in register order. Read in keyset-paged chunks so a year of 16,000 entries never
// sits in memory twice and the event loop is free between chunks.
import type { Entry, OutgoingSeries, RegisterKind } from '../../src-shared/domain.js';
import {
  DEFAULT_PRINT_SETTINGS,
  ENTRY_CODE_PREFIX,
  printSettingsInput,
  type EntryCodeMatch,
  type PrintSettings,
} from '../../src-shared/reportSchemas.js';
import type { Store } from '../db/store.js';
import { getGroup } from '../registers/office.js';
import { toEntry, type EntryRow } from '../registers/queries.js';
import { visibleEntries, visibleEntry } from '../users/secrecy.js';

const SETTINGS_KEY = 'print_settings';

export function getPrintSettings(store: Store): PrintSettings {
  const raw = store.getMeta(SETTINGS_KEY);
  if (!raw) return DEFAULT_PRINT_SETTINGS;
  try {
    const parsed = printSettingsInput.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_PRINT_SETTINGS;
  } catch {
    return DEFAULT_PRINT_SETTINGS;
  }
}

export function savePrintSettings(store: Store, settings: PrintSettings): PrintSettings {
  store.setMeta(SETTINGS_KEY, JSON.stringify(settings));
  return settings;
}

export interface ReportQuery {
  kind: RegisterKind;
  from: string;
  to: string;
  groupId: number | null;
  includeCancelled: boolean;
  /** ทะเบียนหนังสือส่ง only; absent = both series. */
  series?: OutgoingSeries;
}

const SELECT = `SELECT e.rowid AS rid, e.id, e.kind, e.year, e.register_no, e.circular_no, e.doc_no, e.doc_date, e.from_text,
  e.to_text, e.subject, e.group_id, g.name AS group_name, e.person_id, p.name AS person_name, e.remark,
  e.urgency, e.secrecy, e.signer, e.recipient, e.reply_to_id, e.status, e.cancel_reason, e.registered_at,
  e.version, e.updated_at, e.updated_by`;
const FROM = 'FROM entries e LEFT JOIN groups g ON g.id = e.group_id LEFT JOIN people p ON p.id = e.person_id';

function where(q: ReportQuery): { sql: string; params: unknown[] } {
  // registered_on first: the entries_registered_on index (registered_on, kind) serves the range.
  const sql = ['e.registered_on BETWEEN ? AND ?', 'e.kind = ?'];
  const params: unknown[] = [q.from, q.to, q.kind];
  if (q.groupId !== null) {
    sql.push('e.group_id = ?');
    params.push(q.groupId);
  }
  if (!q.includeCancelled) sql.push(`e.status = 'active'`);
  const series = seriesOf(q);
  if (series !== 'all') sql.push(series === 'circular' ? 'e.circular_no IS NOT NULL' : 'e.circular_no IS NULL');
  return { sql: sql.join(' AND '), params };
}

/**
 * Whether every row's ถึง is the office itself (the printed register then leaves the column
 * out): reads the distinct recipients only, stopping at the first few dozen.
 */
export function everyRowToOffice(store: Store, q: ReportQuery, isOffice: (to: string) => boolean): boolean {
  const w = where(q);
  const LIMIT = 50;
  const rows = store.raw<{ to_text: string }>(`SELECT DISTINCT e.to_text FROM entries e WHERE ${w.sql} LIMIT ${LIMIT + 1}`, w.params);
  return rows.length > 0 && rows.length <= LIMIT && rows.every((r) => isOffice(r.to_text));
}

export function countReportRows(store: Store, q: ReportQuery): number {
  const w = where(q);
  return store.raw<{ n: number }>(`SELECT count(*) AS n FROM entries e WHERE ${w.sql}`, w.params)[0]?.n ?? 0;
}

function seriesOf(q: ReportQuery): OutgoingSeries {
  return q.kind === 'outgoing' ? (q.series ?? 'all') : 'all';
}

/**
 * The print order's key: (year, number) in one series; both of ทะเบียนหนังสือส่ง's series
 * together go by registration time, since a circular's number is from its own ว series.
 */
function orderKey(q: ReportQuery): [string, string] {
  const series = seriesOf(q);
  if (q.kind === 'outgoing' && series === 'all') return ['e.year', 'e.registered_at'];
  return ['e.year', series === 'circular' ? 'e.circular_no' : 'e.register_no'];
}

/**
 * Register order in chunks. The key is (year, number or time, rowid): the rowid keeps the order
 * total even across books of the same kind.
 */
export function* reportChunks(store: Store, q: ReportQuery, chunkSize = 1000): Generator<Entry[]> {
  const w = where(q);
  const [k1, k2] = orderKey(q);
  let after: [unknown, unknown, number] | null = null;
  for (;;) {
    const keyset = after ? ` AND (${k1}, ${k2}, e.rowid) > (?, ?, ?)` : '';
    const rows = store.raw<EntryRow & { rid: number; k1: unknown; k2: unknown }>(
      `${SELECT}, ${k1} AS k1, ${k2} AS k2 ${FROM} WHERE ${w.sql}${keyset} ORDER BY ${k1}, ${k2}, e.rowid LIMIT ?`,
      [...w.params, ...(after ?? []), chunkSize],
    );
    if (rows.length === 0) return;
    const last = rows[rows.length - 1] as EntryRow & { rid: number; k1: unknown; k2: unknown };
    after = [last.k1, last.k2, last.rid];
    // Prints and exports hide a secret entry's content from a caller without the right.
    yield visibleEntries(rows.map(toEntry));
    if (rows.length < chunkSize) return;
  }
}

export function entriesByIds(store: Store, ids: readonly string[]): Entry[] {
  const found = new Map<string, Entry>();
  for (let i = 0; i < ids.length; i += 200) {
    const part = ids.slice(i, i + 200);
    const rows = store.raw<EntryRow>(`${SELECT} ${FROM} WHERE e.id IN (${part.map(() => '?').join(',')})`, part);
    for (const r of rows) found.set(r.id, visibleEntry(toEntry(r)));
  }
  return ids.flatMap((id) => {
    const e = found.get(id);
    return e ? [e] : [];
  });
}

export function groupName(store: Store, groupId: number | null): string | null {
  return groupId === null ? null : (getGroup(store, groupId)?.name ?? null);
}

/** The text a stamp's QR code carries; a USB scanner types it into the search box. */
export function entryCode(id: string): string {
  return `${ENTRY_CODE_PREFIX}${id}`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * A USB scanner types key codes, so on a PC whose keyboard is switched to Thai (Kedmanee) the
 * QR's "SRB:1f0c-…" arrives as Thai letters: map those keys back to what the code says.
 */
const KEDMANEE_TO_US: Record<string, string> = {
  'ๅ': '1', '/': '2', '-': '3', 'ภ': '4', 'ถ': '5', 'ุ': '6', 'ึ': '7', 'ค': '8', 'ต': '9', 'จ': '0', 'ข': '-',
  'ฟ': 'a', 'ิ': 'b', 'แ': 'c', 'ก': 'd', 'ำ': 'e', 'ด': 'f',
  'ฤ': 'A', 'ฺ': 'B', 'ฉ': 'C', 'ฏ': 'D', 'ฎ': 'E', 'โ': 'F', 'ฆ': 'S', 'ฑ': 'R', 'ซ': ':',
};

export function normalizeScannedCode(code: string): string {
  if (!/[\u0E00-\u0E7F]/.test(code)) return code;
  return [...code].map((ch) => KEDMANEE_TO_US[ch] ?? ch).join('');
}

/** Resolves what a scanner (or a clerk) typed to an entry: the UUID is what counts. */
export function findEntryByCode(store: Store, code: string): EntryCodeMatch | null {
  const m = UUID.exec(normalizeScannedCode(code));
  if (!m) return null;
  const row = store.raw<{ id: string; kind: RegisterKind; year: number; register_no: number }>(
    'SELECT id, kind, year, register_no FROM entries WHERE id = ?',
    [m[0].toLowerCase()],
  )[0];
  return row ? { id: row.id, kind: row.kind, year: row.year, registerNo: row.register_no } : null;
}
