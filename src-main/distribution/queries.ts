// The distribution's lists: หนังสือส่ง (with รับแล้ว n/m and the sending state from the outbox),
// the tracking table, หนังสือรับ, หนังสือที่ยังไม่รับเกิน 3 วัน, หนังสืออายุเกิน 2 ปี, and the archive.
// Secret content is hidden by dispatch (users/secrecy.ts) like every answer with a secrecy.
import type {
  DistFileView,
  DistInboxRow,
  DistOverdueRow,
  DistPage,
  DistSendState,
  DistSentDetails,
  DistSentRow,
  DistTrackingRow,
} from '../../src-shared/distributionSchemas.js';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import type { Store } from '../db/store.js';
import { DomainError } from '../errors.js';
import { escapeLike } from '../registers/office.js';
import { appendAudit } from '../users/audit.js';

interface SentRow {
  id: string;
  channel: 'school' | 'agency';
  source_entry_id: string | null;
  doc_no: string;
  doc_date: string;
  subject: string;
  summary: string;
  urgency: DistSentRow['urgency'];
  secrecy: DistSentRow['secrecy'];
  groups: string;
  recipient_count: number;
  received_count: number;
  created_at: string;
  created_by: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  archived_at: string | null;
  send_state: string | null;
  send_reason: string | null;
  withdraw_state: string | null;
}

const SENT_SELECT = `SELECT s.*, o.state AS send_state, o.reject_reason AS send_reason, w.state AS withdraw_state
  FROM dist_sent s LEFT JOIN outbox o ON o.seq = s.outbox_seq LEFT JOIN outbox w ON w.seq = s.withdraw_seq`;

function filesOf(store: Store, ids: string[]): Map<string, DistFileView[]> {
  const out = new Map<string, DistFileView[]>();
  if (ids.length === 0) return out;
  const rows = store.raw<{ document_id: string; position: number; sha256: string; name: string; description: string; size: number; mime_type: string; downloaded: number }>(
    'SELECT * FROM dist_files WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, position',
    [JSON.stringify(ids)],
  );
  for (const r of rows) {
    const list = out.get(r.document_id) ?? [];
    list.push({ position: r.position, sha256: r.sha256, name: r.name, description: r.description, size: r.size, mimeType: r.mime_type, downloaded: r.downloaded === 1 });
    out.set(r.document_id, list);
  }
  return out;
}

function toSent(r: SentRow, files: DistFileView[]): DistSentRow {
  // A withdrawal the server refused (someone received first) leaves the document sent.
  const withdrawn = r.withdrawn_at !== null && r.withdraw_state !== 'rejected';
  const state: DistSendState = withdrawn ? 'withdrawn' : r.send_state === 'sent' ? 'sent' : r.send_state === 'rejected' ? 'rejected' : 'pending';
  return {
    id: r.id,
    channel: r.channel,
    sourceEntryId: r.source_entry_id,
    docNo: r.doc_no,
    docDate: r.doc_date,
    subject: r.subject,
    summary: r.summary,
    urgency: r.urgency,
    secrecy: r.secrecy,
    groups: JSON.parse(r.groups) as string[],
    state,
    rejectReason: r.send_state === 'rejected' ? r.send_reason : null,
    recipientCount: r.recipient_count,
    receivedCount: r.received_count,
    createdAt: r.created_at,
    createdBy: r.created_by,
    withdrawnAt: withdrawn ? r.withdrawn_at : null,
    withdrawReason: withdrawn ? r.withdraw_reason : null,
    archived: r.archived_at !== null,
    files,
  };
}

export function listSent(store: Store, input: { archived: boolean; query: string; offset: number; limit: number }): DistPage<DistSentRow> {
  const where = [`s.archived_at IS ${input.archived ? 'NOT ' : ''}NULL`];
  const params: unknown[] = [];
  if (input.query) {
    where.push("(s.subject LIKE ? ESCAPE '\\' OR s.doc_no LIKE ? ESCAPE '\\')");
    const like = `%${escapeLike(input.query)}%`;
    params.push(like, like);
  }
  const total = store.raw<{ n: number }>(`SELECT count(*) AS n FROM dist_sent s WHERE ${where.join(' AND ')}`, params)[0]?.n ?? 0;
  const rows = store.raw<SentRow>(`${SENT_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.created_at DESC, s.id LIMIT ? OFFSET ?`, [...params, input.limit, input.offset]);
  const files = filesOf(store, rows.map((r) => r.id));
  return { rows: rows.map((r) => toSent(r, files.get(r.id) ?? [])), total };
}

/** Per outgoing entry: its latest sending (for the outgoing list's ส่ง ร.ร. column). */
export function sentForEntries(store: Store, entryIds: string[]): DistSentRow[] {
  const rows = store.raw<SentRow>(`${SENT_SELECT} WHERE s.source_entry_id IN (SELECT value FROM json_each(?)) ORDER BY s.created_at`, [JSON.stringify(entryIds)]);
  return rows.map((r) => toSent(r, []));
}

export function tracking(store: Store, id: string): DistTrackingRow[] {
  return store
    .raw<{ position: number; org_id: string; school_code: string | null; name: string; received_at: string | null; received_by: string | null; register_no: number | null; register_year: number | null }>(
      'SELECT * FROM dist_sent_recipients WHERE document_id = ? ORDER BY position',
      [id],
    )
    .map((r) => ({ position: r.position, orgId: r.org_id, schoolCode: r.school_code, name: r.name, receivedAt: r.received_at, receivedBy: r.received_by, registerNo: r.register_no, registerYear: r.register_year }));
}

export function sentDetails(store: Store, id: string): DistSentDetails {
  const r = store.raw<SentRow>(`${SENT_SELECT} WHERE s.id = ?`, [id])[0];
  if (!r) throw new DomainError('not_found', 'ไม่พบหนังสือที่ส่งฉบับนี้');
  return { ...toSent(r, filesOf(store, [id]).get(id) ?? []), recipients: tracking(store, id) };
}

interface InboxDbRow {
  id: string;
  sender_org_id: string;
  sender_name: string;
  doc_no: string;
  doc_date: string;
  subject: string;
  summary: string;
  urgency: DistInboxRow['urgency'];
  secrecy: DistInboxRow['secrecy'];
  sent_at: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  entry_id: string | null;
  received_at: string | null;
  register_no: number | null;
  register_year: number | null;
  archived_at: string | null;
}

const toInbox = (r: InboxDbRow, files: DistFileView[]): DistInboxRow => ({
  id: r.id,
  senderOrgId: r.sender_org_id,
  senderName: r.sender_name,
  docNo: r.doc_no,
  docDate: r.doc_date,
  subject: r.subject,
  summary: r.summary,
  urgency: r.urgency,
  secrecy: r.secrecy,
  sentAt: r.sent_at,
  withdrawnAt: r.withdrawn_at,
  withdrawReason: r.withdraw_reason,
  entryId: r.entry_id,
  receivedAt: r.received_at,
  registerNo: r.register_no,
  registerYear: r.register_year,
  archived: r.archived_at !== null,
  files,
});

/**
 * Newest first. A document withdrawn before it was received leaves the inbox; one withdrawn
 * after it arrived in the register stays, shown as withdrawn.
 */
export function listInbox(store: Store, input: { archived: boolean; query: string; offset: number; limit: number }): DistPage<DistInboxRow> {
  const where = [`archived_at IS ${input.archived ? 'NOT ' : ''}NULL`, '(withdrawn_at IS NULL OR received_at IS NOT NULL)'];
  const params: unknown[] = [];
  if (input.query) {
    where.push("(subject LIKE ? ESCAPE '\\' OR doc_no LIKE ? ESCAPE '\\' OR sender_name LIKE ? ESCAPE '\\')");
    const like = `%${escapeLike(input.query)}%`;
    params.push(like, like, like);
  }
  const total = store.raw<{ n: number }>(`SELECT count(*) AS n FROM dist_inbox WHERE ${where.join(' AND ')}`, params)[0]?.n ?? 0;
  const rows = store.raw<InboxDbRow>(`SELECT * FROM dist_inbox WHERE ${where.join(' AND ')} ORDER BY sent_at DESC, id LIMIT ? OFFSET ?`, [...params, input.limit, input.offset]);
  const files = filesOf(store, rows.map((r) => r.id));
  return { rows: rows.map((r) => toInbox(r, files.get(r.id) ?? [])), total };
}

export function inboxDocument(store: Store, id: string): DistInboxRow {
  const r = store.raw<InboxDbRow>('SELECT * FROM dist_inbox WHERE id = ?', [id])[0];
  if (!r) throw new DomainError('not_found', 'ไม่พบหนังสือนี้ในหนังสือรับ');
  return toInbox(r, filesOf(store, [id]).get(id) ?? []);
}

const DAY_MS = 24 * 3600 * 1000;

/** Sent documents some recipient has not received for more than `days` days (default 3). */
export function overdue(store: Store, now: Date, days = 3): DistOverdueRow[] {
  const cutoff = localIsoTimestamp(new Date(now.getTime() - days * DAY_MS));
  const rows = store.raw<SentRow>(
    `${SENT_SELECT} WHERE s.archived_at IS NULL AND s.withdrawn_at IS NULL AND s.created_at < ? AND s.received_count < s.recipient_count ORDER BY s.created_at`,
    [cutoff],
  );
  return rows
    .map((r) => toSent(r, []))
    .filter((d) => d.state === 'sent')
    .map((d) => ({
      document: d,
      waiting: tracking(store, d.id).filter((t) => t.receivedAt === null),
      days: Math.floor((now.getTime() - Date.parse(d.createdAt)) / DAY_MS),
    }));
}

/** Documents (sent and received) older than two years, not yet archived. */
export function olderThanTwoYears(store: Store, now: Date): { sent: DistSentRow[]; received: DistInboxRow[] } {
  const cutoff = new Date(now);
  cutoff.setFullYear(cutoff.getFullYear() - 2);
  const c = localIsoTimestamp(cutoff);
  const sent = store.raw<SentRow>(`${SENT_SELECT} WHERE s.archived_at IS NULL AND s.created_at < ? ORDER BY s.created_at`, [c]).map((r) => toSent(r, []));
  const received = store.raw<InboxDbRow>('SELECT * FROM dist_inbox WHERE archived_at IS NULL AND sent_at < ? ORDER BY sent_at', [c]).map((r) => toInbox(r, []));
  return { sent, received };
}

/** Moves documents older than two years to the archive: read-only, still searchable, never deleted. */
export function archive(store: Store, ids: string[], now: Date, actor: string): number {
  const cutoff = new Date(now);
  cutoff.setFullYear(cutoff.getFullYear() - 2);
  const c = localIsoTimestamp(cutoff);
  const at = localIsoTimestamp(now);
  return store.tx(() => {
    let n = 0;
    for (const id of ids) {
      n += store.sqlite.prepare('UPDATE dist_sent SET archived_at = ? WHERE id = ? AND archived_at IS NULL AND created_at < ?').run(at, id, c).changes;
      n += store.sqlite.prepare('UPDATE dist_inbox SET archived_at = ? WHERE id = ? AND archived_at IS NULL AND sent_at < ?').run(at, id, c).changes;
    }
    if (n !== ids.length) throw new DomainError('conflict', 'มีหนังสือบางฉบับอายุไม่ถึง 2 ปี หรือย้ายไปเก็บแล้ว จึงยังไม่ย้ายเลย');
    appendAudit(store, { action: 'distribution.archive', entity: 'distribution', after: { ids }, actor, at });
    return n;
  });
}
