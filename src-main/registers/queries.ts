// The read side of the registers: one entry, its history, the paged and searched list.
import type { z } from 'zod';
import type {
  Entry,
  EntryDetails,
  EntryLink,
  EntryPage,
  EntryStatus,
  EntryVersion,
  OutgoingSeries,
  RegisterKind,
  SearchField,
  Secrecy,
  Urgency,
} from '../../src-shared/domain.js';
import type { listEntriesInput, suggestNamesInput } from '../../src-shared/schemas.js';
import { withAttachments } from '../attachments/records.js';
import type { EntriesTable } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { DomainError } from '../errors.js';
import { escapeLike } from './office.js';
import { callerCanSeeSecret } from '../users/secrecy.js';

/** An entries row as the list reads it: with its group's and person's names joined in. */
export type EntryRow = Omit<EntriesTable, 'book_id' | 'registered_on'> & { group_name: string | null; person_name: string | null };

const ENTRY_SELECT = `SELECT e.id, e.kind, e.year, e.register_no, e.circular_no, e.doc_no, e.doc_date, e.from_text,
  e.to_text, e.subject, e.group_id, g.name AS group_name, e.person_id, p.name AS person_name, e.remark,
  e.urgency, e.secrecy, e.signer, e.recipient, e.reply_to_id, e.status, e.cancel_reason, e.registered_at,
  e.version, e.updated_at, e.updated_by
FROM entries e LEFT JOIN groups g ON g.id = e.group_id LEFT JOIN people p ON p.id = e.person_id`;

export function toEntry(r: EntryRow): Entry {
  return {
    id: r.id,
    kind: r.kind as RegisterKind,
    year: r.year,
    registerNo: r.register_no,
    circularNo: r.circular_no,
    docNo: r.doc_no,
    docDate: r.doc_date,
    from: r.from_text,
    to: r.to_text,
    subject: r.subject,
    groupId: r.group_id,
    groupName: r.group_name,
    personId: r.person_id,
    personName: r.person_name,
    remark: r.remark,
    urgency: r.urgency as Urgency,
    secrecy: r.secrecy as Secrecy,
    signer: r.signer,
    recipient: r.recipient,
    replyToId: r.reply_to_id,
    status: r.status as EntryStatus,
    cancelReason: r.cancel_reason,
    registeredAt: r.registered_at,
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    attachments: [],
  };
}

export function findEntry(store: Store, id: string): Entry | undefined {
  const r = store.raw<EntryRow>(`${ENTRY_SELECT} WHERE e.id = ?`, [id])[0];
  return r ? withAttachments(store, [toEntry(r)])[0] : undefined;
}

export function requireEntry(store: Store, id: string): Entry {
  const e = findEntry(store, id);
  if (!e) throw new DomainError('not_found', 'ไม่พบรายการนี้ในทะเบียน');
  return e;
}

const toLink = (e: Entry): EntryLink => ({
  id: e.id,
  kind: e.kind,
  year: e.year,
  registerNo: e.registerNo,
  circularNo: e.circularNo,
  docNo: e.docNo,
  subject: e.subject,
});

export function entryDetails(store: Store, id: string): EntryDetails {
  const entry = requireEntry(store, id);
  const versions: EntryVersion[] = store
    .all(
      store.q
        .selectFrom('entry_versions')
        .select(['id', 'version', 'change', 'changed_at', 'changed_by', 'diff'])
        .where('entry_id', '=', id)
        .orderBy('version'),
    )
    .map((v) => ({
      id: v.id,
      version: v.version,
      change: v.change as EntryVersion['change'],
      changedAt: v.changed_at,
      changedBy: v.changed_by,
      diff: JSON.parse(v.diff) as EntryVersion['diff'],
    }));
  const replyTo = entry.replyToId ? findEntry(store, entry.replyToId) : undefined;
  const replies = store.raw<EntryRow>(`${ENTRY_SELECT} WHERE e.reply_to_id = ? ORDER BY e.year, e.register_no`, [id]).map(toEntry);
  return { entry, versions, replyTo: replyTo ? toLink(replyTo) : null, replies: replies.map(toLink) };
}

const FTS_COLUMNS: Record<Exclude<SearchField, 'all' | 'signer'>, string[]> = {
  subject: ['subject'],
  from: ['from_text'],
  to: ['to_text'],
  docNo: ['doc_no'],
  remark: ['remark'],
  recipient: ['recipient'],
};
const ALL_COLUMNS = ['subject', 'from_text', 'to_text', 'doc_no', 'remark', 'recipient'];
/** ผู้ลงนาม is not in the trigram index (orders and certificates are small books): LIKE. */
const LIKE_ONLY: Partial<Record<SearchField, string[]>> = { signer: ['signer'] };

/** Counting stops here for searches: "more than 1,000" is all a clerk needs to narrow down. */
const SEARCH_COUNT_CAP = 1000;

interface Where {
  sql: string[];
  params: unknown[];
}

/** An FTS5 query: `match` for MATCH, and whether the whole query must still be checked with LIKE. */
interface FtsQuery {
  match: string;
  /** match holds only the rarer parts of the query: each candidate row is checked for all of it. */
  verify: boolean;
}

const ftsScope = (columns: string[], expr: string): string =>
  columns.length === 1 ? `${columns[0]} : ${expr}` : `{${columns.join(' ')}} : ${expr}`;
const ftsPhrase = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * A trigram in more than this share of the rows is common: FTS5 walks a phrase's trigrams
 * together, and skipping through one that is in nearly every row (the office code "040" of
 * every document number) costs as much as scanning, whatever the other trigrams say.
 */
const COMMON_TRIGRAM_SHARE = 0.1;
/** Rows a probe reads to estimate a trigram's share: the spread of its first matches' rowids. */
const PROBE_ROWS = 200;

function isCommonTrigram(store: Store, trigram: string): boolean {
  const r = store.raw<{ n: number; lo: number | null; hi: number | null }>(
    `SELECT count(*) AS n, min(rowid) AS lo, max(rowid) AS hi FROM
      (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? LIMIT ${PROBE_ROWS})`,
    [ftsPhrase(trigram)],
  )[0];
  if (!r || r.n < PROBE_ROWS || r.lo === null || r.hi === null) return false;
  return r.n / (r.hi - r.lo + 1) > COMMON_TRIGRAM_SHARE;
}

/**
 * LIKE folds case only for ASCII, FTS5's trigram tokenizer for every script: the two agree on
 * Thai, digits and ASCII, so only such a query may be narrowed by FTS and checked by LIKE.
 */
const LIKE_AGREES = /^[\u0020-\u007e\u0e00-\u0e7f]*$/;

/**
 * FTS5's trigram tokenizer matches any substring of 3+ characters, which is what Thai needs
 * (no spaces between words). Shorter queries cannot use it and fall back to LIKE. A query with
 * common trigrams (a document number's office code) is matched by its runs of rarer trigrams,
 * and each candidate row is then checked for the whole query with LIKE: the same rows, without
 * walking doclists that hold nearly every row.
 */
export function ftsQuery(store: Store, field: SearchField, q: string): FtsQuery | null {
  const chars = [...q];
  if (chars.length < 3 || field === 'signer') return null;
  const columns = field === 'all' ? ALL_COLUMNS : FTS_COLUMNS[field];
  const whole = { match: ftsScope(columns, ftsPhrase(q)), verify: false };
  if (chars.length < 5 || !LIKE_AGREES.test(q)) return whole;
  const common = chars.slice(2).map((_, i) => isCommonTrigram(store, chars.slice(i, i + 3).join('')));
  if (!common.includes(true) || !common.includes(false)) return whole;
  // Runs of rare trigrams, each as the substring it covers.
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i <= common.length; i++) {
    if (i < common.length && !common[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      parts.push(chars.slice(start, i + 2).join(''));
      start = -1;
    }
  }
  return { match: ftsScope(columns, `(${parts.map(ftsPhrase).join(' AND ')})`), verify: true };
}

/**
 * Every indexed field ends in this character (migration 0180), so each occurrence of two
 * characters starts a trigram, the end of a field included: "ab" is in a row exactly when one
 * of the row's trigrams begins with "ab". Private use: no clerk's text contains it.
 */
const FIELD_END = '\ue000';
/** Occurrences read from the index before a 2-character query counts as common (LIKE finds a page of those at once). */
const SHORT_QUERY_CAP = 5000;

/**
 * The rows holding a 2-character query, read from the trigram index's terms that begin with
 * it (entries_fts_vocab); null when it is common (LIKE fills a page from the first rows) or
 * when LIKE and the tokenizer would not agree on it.
 */
export function shortQueryRows(store: Store, field: SearchField, q: string): number[] | null {
  if ([...q].length !== 2 || field === 'signer' || q.includes(FIELD_END) || !LIKE_AGREES.test(q)) return null;
  const columns = new Set(field === 'all' ? ALL_COLUMNS : FTS_COLUMNS[field]);
  // The tokenizer folds case: its terms are lower case.
  const lo = q.toLowerCase();
  const hits = store.raw<{ doc: number; col: string }>(
    `SELECT doc, col FROM entries_fts_vocab WHERE term >= ? AND term < ? LIMIT ${SHORT_QUERY_CAP + 1}`,
    [lo, `${lo}\u{10ffff}`],
  );
  if (hits.length > SHORT_QUERY_CAP) return null;
  return [...new Set(hits.filter((h) => columns.has(h.col)).map((h) => h.doc))];
}

function likeFilter(where: Where, field: SearchField, q: string): void {
  const columns = field === 'all' ? ALL_COLUMNS : (LIKE_ONLY[field] ?? FTS_COLUMNS[field as Exclude<SearchField, 'all' | 'signer'>]);
  const pattern = `%${escapeLike(q)}%`;
  where.sql.push(`(${columns.map((c) => `e.${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
  for (let i = 0; i < columns.length; i++) where.params.push(pattern);
}

export function listEntries(store: Store, input: z.output<typeof listEntriesInput>): EntryPage {
  const where: Where = { sql: ['e.kind = ?'], params: [input.kind] };
  if (input.groupId !== null) {
    where.sql.push('e.group_id = ?');
    where.params.push(input.groupId);
  }
  if (input.year !== null) {
    where.sql.push('e.year = ?');
    where.params.push(input.year);
  }
  const series = input.kind === 'outgoing' ? input.series : 'all';
  if (series !== 'all') where.sql.push(series === 'circular' ? 'e.circular_no IS NOT NULL' : 'e.circular_no IS NULL');
  const offset = (input.page - 1) * input.pageSize;
  const fts = input.q ? ftsQuery(store, input.field, input.q) : null;
  const short = input.q && fts === null ? shortQueryRows(store, input.field, input.q) : null;
  if (short !== null) {
    where.sql.push('e.rowid IN (SELECT value FROM json_each(?))');
    where.params.push(JSON.stringify(short));
  } else if (input.q && (fts === null || fts.verify)) likeFilter(where, input.field, input.q);
  const match = fts?.match ?? null;
  // Without the secret right a keyword never matches a secret entry: the hit alone would tell.
  if (input.q && !callerCanSeeSecret()) where.sql.push("e.secrecy = 'none'");
  const whereSql = where.sql.join(' AND ');

  if (match !== null) {
    // Driven by the FTS index in rowid order (= registration order, newest first) so SQLite
    // stops after one page instead of materialising every match of a common word and sorting.
    const from = `${ENTRY_SELECT} JOIN entries_fts f ON f.rowid = e.rowid WHERE entries_fts MATCH ? AND ${whereSql}`;
    const rows = store.raw<EntryRow>(`${from} ORDER BY f.rowid DESC LIMIT ? OFFSET ?`, [match, ...where.params, input.pageSize, offset]);
    const n = lastPageTotal(input, offset, rows) ?? store.raw<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM entries_fts f JOIN entries e ON e.rowid = f.rowid
        WHERE entries_fts MATCH ? AND ${whereSql} LIMIT ${SEARCH_COUNT_CAP + 1})`,
      [match, ...where.params],
    )[0]?.n ?? 0;
    return withPageAttachments(store, page(input, rows, n));
  }

  const rows = store.raw<EntryRow>(`${ENTRY_SELECT} WHERE ${whereSql} ORDER BY ${listOrder(input.kind, series)} LIMIT ? OFFSET ?`, [
    ...where.params,
    input.pageSize,
    offset,
  ]);
  if (input.q) {
    const n = lastPageTotal(input, offset, rows) ?? store.raw<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM entries e WHERE ${whereSql} LIMIT ${SEARCH_COUNT_CAP + 1})`,
      where.params,
    )[0]?.n ?? 0;
    return withPageAttachments(store, page(input, rows, n));
  }
  if (series !== 'all') {
    // One series of one office's outgoing letters (~4,500 a year): counting them is cheap.
    const n = store.raw<{ n: number }>(`SELECT count(*) AS n FROM entries e WHERE ${whereSql}`, where.params)[0]?.n ?? 0;
    return { rows: withAttachments(store, rows.map(toEntry)), page: input.page, pageSize: input.pageSize, total: n, totalIsLowerBound: false };
  }
  // No gaps and no deletions: the books' counters are exact without scanning the entries.
  const counted =
    input.groupId === null
      ? store.raw<{ n: number | null }>(`SELECT sum(entry_count) AS n FROM books WHERE kind = ?${input.year !== null ? ' AND year = ?' : ''}`, [
          input.kind,
          ...(input.year !== null ? [input.year] : []),
        ])
      : store.raw<{ n: number | null }>(
          `SELECT sum(c.n) AS n FROM book_group_counts c JOIN books b ON b.id = c.book_id
           WHERE b.kind = ? AND c.group_id = ?${input.year !== null ? ' AND b.year = ?' : ''}`,
          [input.kind, input.groupId, ...(input.year !== null ? [input.year] : [])],
        );
  return { rows: withAttachments(store, rows.map(toEntry)), page: input.page, pageSize: input.pageSize, total: counted[0]?.n ?? 0, totalIsLowerBound: false };
}

/**
 * A short page that has rows (or is the first) is the last one: the total is known without a
 * second pass. For a query that matches few rows the count would repeat the whole search (a
 * 2-character query in no row read the 1,000,000 rows twice).
 */
function lastPageTotal(input: z.output<typeof listEntriesInput>, offset: number, rows: EntryRow[]): number | null {
  return rows.length < input.pageSize && (rows.length > 0 || offset === 0) ? offset + rows.length : null;
}

/**
 * Newest first. ทะเบียนหนังสือส่ง with both series in it goes by registration time (the ว series
 * is numbered apart, so numbers alone would put every circular at one end); index entries_sent_order.
 */
function listOrder(kind: RegisterKind, series: OutgoingSeries): string {
  if (kind !== 'outgoing') return 'e.year DESC, e.register_no DESC';
  if (series === 'circular') return 'e.year DESC, e.circular_no DESC';
  if (series === 'normal') return 'e.year DESC, e.register_no DESC';
  return 'e.year DESC, e.registered_at DESC, e.rowid DESC';
}

function page(input: z.output<typeof listEntriesInput>, rows: EntryRow[], counted: number): EntryPage {
  return {
    rows: rows.map(toEntry),
    page: input.page,
    pageSize: input.pageSize,
    total: Math.min(counted, SEARCH_COUNT_CAP),
    totalIsLowerBound: counted > SEARCH_COUNT_CAP,
  };
}

/** The page's files: one indexed query for the page's ids. */
function withPageAttachments(store: Store, p: EntryPage): EntryPage {
  withAttachments(store, p.rows);
  return p;
}

export function entriesRegisteredOn(store: Store, date: string): Entry[] {
  return withAttachments(store, store.raw<EntryRow>(`${ENTRY_SELECT} WHERE e.registered_on = ? ORDER BY e.registered_at DESC, e.rowid DESC LIMIT 500`, [date]).map(toEntry));
}

export function countRegisteredOn(store: Store, date: string): Record<RegisterKind, number> {
  const counts: Record<RegisterKind, number> = { incoming: 0, outgoing: 0, order: 0, certificate: 0 };
  for (const r of store.raw<{ kind: RegisterKind; n: number }>(
    'SELECT kind, count(*) AS n FROM entries WHERE registered_on = ? GROUP BY kind',
    [date],
  )) {
    counts[r.kind] = r.n;
  }
  return counts;
}

/** Names younger than this many BE years suggest (a scan of recent years only, not the whole file). */
const SUGGEST_YEARS = 2;

/**
 * จาก/ถึง as the clerk typed them before in this register, most used first: a clerk retypes
 * "ศาลากลางจังหวัดเชียงใหม่" many times a day. Secret letters only for a caller with the right.
 */
export function suggestNames(store: Store, input: z.output<typeof suggestNamesInput>): string[] {
  const column = input.field === 'from' ? 'from_text' : 'to_text';
  const where = ['e.kind = ?', 'e.year >= ?', `e.${column} <> ''`];
  const latest = store.raw<{ y: number | null }>('SELECT max(year) AS y FROM entries WHERE kind = ?', [input.kind])[0]?.y ?? 0;
  const params: unknown[] = [input.kind, latest - SUGGEST_YEARS + 1];
  if (input.q) {
    where.push(`e.${column} LIKE ? ESCAPE '\\'`);
    params.push(`%${escapeLike(input.q)}%`);
  }
  if (!callerCanSeeSecret()) where.push("e.secrecy = 'none'");
  return store
    .raw<{ name: string }>(
      `SELECT e.${column} AS name, count(*) AS n FROM entries e WHERE ${where.join(' AND ')} GROUP BY e.${column} ORDER BY n DESC, name LIMIT ?`,
      [...params, input.limit],
    )
    .map((r) => r.name);
}
