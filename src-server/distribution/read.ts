// What an organisation may read of the distribution: documents it sent (with every recipient's
// receipt: the tracking page) or that are addressed to it, and their files. Anything else
// answers exactly like a missing id, so an id or a hash alone reveals nothing.
import { sql, type Kysely } from 'kysely';
import type { DistDocument, DistTrackingRow } from '../../src-shared/distributionSchemas.js';
import type { ServerSchema } from '../db/schema.js';
import { HttpError } from '../errors.js';

type Db = Kysely<ServerSchema>;

export interface DocumentView {
  id: string;
  senderOrgId: string;
  sentAt: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  recipientCount: number;
  receivedCount: number;
  document: Omit<DistDocument, 'id'>;
  /** The per-recipient table, for the sender only. */
  recipients: DistTrackingRow[] | null;
}

const notFound = (): HttpError => new HttpError(404, 'not_found', 'ไม่พบหนังสือนี้');
const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export async function documentView(db: Db, orgId: string, id: string, page: { offset: number; limit: number } = { offset: 0, limit: 1000 }): Promise<DocumentView> {
  const d = await db.selectFrom('dist_documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d) throw notFound();
  const isSender = d.sender_org_id === orgId;
  if (!isSender) {
    const mine = await db.selectFrom('dist_recipients').select('org_id').where('document_id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
    if (!mine) throw notFound();
  }
  const data = (typeof d.data === 'string' ? JSON.parse(d.data) : d.data) as Omit<DistDocument, 'id' | 'files'>;
  const files = (typeof d.files === 'string' ? JSON.parse(d.files) : d.files) as DistDocument['files'];
  let recipients: DistTrackingRow[] | null = null;
  if (isSender) {
    const rows = await db
      .selectFrom('dist_recipients as r')
      .innerJoin('organisations as o', 'o.id', 'r.org_id')
      .select(['r.position', 'r.org_id', 'o.school_code', 'o.name', 'r.received_at', 'r.received_by', 'r.register_no', 'r.register_year'])
      .where('r.document_id', '=', id)
      .orderBy('r.position')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    recipients = rows.map((r) => ({
      position: r.position,
      orgId: r.org_id,
      schoolCode: r.school_code,
      name: r.name,
      receivedAt: iso(r.received_at),
      receivedBy: r.received_by,
      registerNo: r.register_no,
      registerYear: r.register_year,
    }));
  }
  return {
    id: d.id,
    senderOrgId: d.sender_org_id,
    sentAt: iso(d.sent_at) as string,
    withdrawnAt: iso(d.withdrawn_at),
    withdrawReason: d.withdraw_reason,
    recipientCount: d.recipient_count,
    receivedCount: d.received_count,
    document: { ...data, files },
    recipients,
  };
}

/**
 * The grant: a recipient may download a file through a document addressed to it (not one
 * withdrawn before it received it). The uploader's own right (blob_owners) is checked apart.
 */
export async function mayReadThroughDocument(db: Db, orgId: string, sha256: string): Promise<boolean> {
  const { rows } = await sql<{ ok: number }>`
    SELECT 1 AS ok FROM dist_files f
      JOIN dist_recipients r ON r.document_id = f.document_id AND r.org_id = ${orgId}
      JOIN dist_documents d ON d.id = f.document_id
     WHERE f.sha256 = ${sha256} AND (d.withdrawn_at IS NULL OR r.received_at IS NOT NULL)
     LIMIT 1`.execute(db);
  return rows.length > 0;
}
