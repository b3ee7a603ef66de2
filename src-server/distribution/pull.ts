// Turns the feed's distribution pointers (one small row per recipient, pointing at the one
// stored document) into the pull items a desktop applies, a page at a time in three queries.
import type { Kysely, Transaction } from 'kysely';
import type { DistDocument, DistInboxDocument, DistPullItem, DistReceipt } from '../../src-shared/distributionSchemas.js';
import type { ServerSchema } from '../db/schema.js';

type Db = Kysely<ServerSchema> | Transaction<ServerSchema>;

export interface FeedRow {
  server_seq: string | number | bigint;
  type: string;
  body: unknown;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export async function distributionItems(db: Db, orgId: string, rows: FeedRow[]): Promise<Map<number, DistPullItem>> {
  const out = new Map<number, DistPullItem>();
  const docIds = new Set<string>();
  const receiptKeys: { documentId: string; orgId: string }[] = [];
  for (const r of rows) {
    const b = r.body as { id?: string; documentId?: string; orgId?: string };
    if (r.type === 'dist.document' || r.type === 'dist.withdrawn') docIds.add(b.id ?? '');
    else if (r.type === 'dist.receipt') receiptKeys.push({ documentId: b.documentId ?? '', orgId: b.orgId ?? '' });
  }
  if (docIds.size === 0 && receiptKeys.length === 0) return out;

  const docs = new Map<string, DistInboxDocument>();
  if (docIds.size > 0) {
    const rows2 = await db
      .selectFrom('dist_documents as d')
      .innerJoin('organisations as o', 'o.id', 'd.sender_org_id')
      .leftJoin('dist_recipients as r', (j) => j.onRef('r.document_id', '=', 'd.id').on('r.org_id', '=', orgId))
      .select(['d.id', 'd.sender_org_id', 'o.name as sender_name', 'd.data', 'd.files', 'd.sent_at', 'd.withdrawn_at', 'd.withdraw_reason', 'r.received_at', 'r.received_by', 'r.register_no', 'r.register_year'])
      .where('d.id', 'in', [...docIds])
      .execute();
    for (const d of rows2) {
      const data = (typeof d.data === 'string' ? JSON.parse(d.data) : d.data) as Omit<DistDocument, 'id' | 'files'>;
      const files = (typeof d.files === 'string' ? JSON.parse(d.files) : d.files) as DistDocument['files'];
      docs.set(d.id, {
        id: d.id,
        senderOrgId: d.sender_org_id,
        senderName: d.sender_name,
        sentAt: iso(d.sent_at) as string,
        document: { ...data, files },
        withdrawn: d.withdrawn_at ? { at: iso(d.withdrawn_at) as string, reason: d.withdraw_reason ?? '' } : null,
        receipt: d.received_at
          ? { documentId: d.id, orgId, receivedAt: iso(d.received_at) as string, receivedBy: d.received_by ?? '', registerNo: d.register_no ?? 0, registerYear: d.register_year ?? 0 }
          : null,
      });
    }
  }
  const receipts = new Map<string, DistReceipt>();
  if (receiptKeys.length > 0) {
    const rows3 = await db
      .selectFrom('dist_recipients')
      .select(['document_id', 'org_id', 'received_at', 'received_by', 'register_no', 'register_year'])
      .where('document_id', 'in', [...new Set(receiptKeys.map((k) => k.documentId))])
      .where('org_id', 'in', [...new Set(receiptKeys.map((k) => k.orgId))])
      .where('received_at', 'is not', null)
      .execute();
    for (const r of rows3) {
      receipts.set(`${r.document_id}/${r.org_id}`, {
        documentId: r.document_id,
        orgId: r.org_id,
        receivedAt: iso(r.received_at) as string,
        receivedBy: r.received_by ?? '',
        registerNo: r.register_no ?? 0,
        registerYear: r.register_year ?? 0,
      });
    }
  }
  for (const r of rows) {
    const serverSeq = Number(r.server_seq);
    const b = r.body as { id?: string; documentId?: string; orgId?: string };
    if (r.type === 'dist.document') {
      const doc = docs.get(b.id ?? '');
      if (doc) out.set(serverSeq, { serverSeq, type: 'dist.document', document: doc });
    } else if (r.type === 'dist.withdrawn') {
      const doc = docs.get(b.id ?? '');
      if (doc?.withdrawn) out.set(serverSeq, { serverSeq, type: 'dist.withdrawn', documentId: doc.id, at: doc.withdrawn.at, reason: doc.withdrawn.reason });
    } else if (r.type === 'dist.receipt') {
      const rc = receipts.get(`${b.documentId}/${b.orgId}`);
      if (rc) out.set(serverSeq, { serverSeq, type: 'dist.receipt', receipt: rc });
    }
  }
  return out;
}
