// The distribution items of a push (entity 'distribution': send, receipt, withdraw), applied
// inside the push's own transaction. A send writes into many organisations (their feeds), a
// receipt into the sender's: so push takes every organisation's row lock it will write under,
// all at once and in id order (lockSet + lockOrgs), and a fan-out racing 200 receipts cannot
// deadlock. Each item is checked completely before its first write: a refusal writes nothing.
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  DIST_ENTITY,
  distReceiptPayload,
  distSendPayload,
  distWithdrawPayload,
  type DistOp,
} from '../../src-shared/distributionSchemas.js';
import type { PushItem, RejectCode } from '../../src-shared/syncSchemas.js';
import type { ServerSchema } from '../db/schema.js';
import { outsideReach } from '../directory.js';

type Tx = Transaction<ServerSchema>;
type Db = Kysely<ServerSchema> | Tx;

export interface DistDevice {
  id: string;
  orgId: string;
}

export type DistOutcome =
  | { status: 'accepted' }
  | { status: 'rejected'; code: RejectCode; reason: string }
  | { status: 'missing_blob'; sha256: string };

/** A register entry this batch accepted before the receipt that reports it (not yet written). */
export type PendingEntryLookup = (entryId: string) => { kind: string; registerNo: number; year: number } | undefined;

export const isDistributionItem = (item: Record<string, unknown> | { entity: string }): boolean => item.entity === DIST_ENTITY;

const refuse = (reason: string, code: RejectCode = 'distribution_refused'): DistOutcome => ({ status: 'rejected', code, reason });
const NOT_FOUND = 'ไม่พบหนังสือนี้ในระบบรับส่งหนังสือราชการ';

function firstIssue(error: { issues: { message: string; path: PropertyKey[] }[] }): string {
  const i = error.issues[0];
  return i ? `${i.message}${i.path.length ? ` (${i.path.join('.')})` : ''}` : 'ข้อมูลไม่ถูกต้อง';
}

/** Locks organisations' rows in one fixed order (by id), every one the transaction writes under. */
export async function lockOrgs(trx: Tx, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return;
  await sql`SELECT id FROM organisations WHERE id IN (${sql.join(unique)}) ORDER BY id FOR UPDATE`.execute(trx);
}

/** The organisations besides the device's own that a batch's distribution items write into. */
export async function distributionLockSet(db: Db, items: Record<string, unknown>[]): Promise<string[]> {
  const out = new Set<string>();
  const docIds: string[] = [];
  for (const item of items) {
    if (!isDistributionItem(item)) continue;
    const p = item.payload as { recipients?: unknown; documentId?: unknown } | null;
    if (item.op === 'send' && Array.isArray(p?.recipients)) {
      for (const r of p.recipients) if (typeof r === 'string' && r.length <= 100) out.add(r);
    } else if (typeof p?.documentId === 'string' && p.documentId.length <= 100) docIds.push(p.documentId);
  }
  for (let i = 0; i < docIds.length; i += 500) {
    const part = docIds.slice(i, i + 500);
    for (const d of await db.selectFrom('dist_documents').select('sender_org_id').where('id', 'in', part).execute()) out.add(d.sender_org_id);
    for (const r of await db.selectFrom('dist_recipients').select('org_id').where('document_id', 'in', part).execute()) out.add(r.org_id);
  }
  return [...out];
}

export async function applyDistributionItem(trx: Tx, device: DistDevice, item: PushItem, pendingEntry: PendingEntryLookup): Promise<DistOutcome> {
  switch (item.op as DistOp) {
    case 'send':
      return send(trx, device, item);
    case 'receipt':
      return receipt(trx, device, item, pendingEntry);
    case 'withdraw':
      return withdraw(trx, device, item);
    default:
      return refuse(`เซิร์ฟเวอร์ไม่รู้จักคำสั่ง "${item.op}" ของระบบรับส่งหนังสือราชการ`, 'unknown_entity');
  }
}

async function send(trx: Tx, device: DistDevice, item: PushItem): Promise<DistOutcome> {
  const p = distSendPayload.safeParse(item.payload);
  if (!p.success) return refuse(firstIssue(p.error), 'invalid_payload');
  const { document: doc } = p.data;
  if (doc.id !== item.entityId) return refuse('รหัสหนังสือไม่ตรงกับรายการ', 'invalid_payload');
  const had = await trx.selectFrom('dist_documents').select('sender_org_id').where('id', '=', doc.id).executeTakeFirst();
  if (had) return had.sender_org_id === device.orgId ? { status: 'accepted' } : refuse('รหัสหนังสือนี้มีอยู่แล้วในข้อมูลของหน่วยงานอื่น');
  const recipients = [...new Set(p.data.recipients)];
  const outside = await outsideReach(trx, device.orgId, recipients, doc.channel);
  if (outside.length > 0) {
    return refuse(`ผู้รับ ${outside.length} แห่งไม่อยู่ในทำเนียบของสำนักงาน หรือเลิกใช้แล้ว จึงส่งหนังสือฉบับนี้ไม่ได้ทั้งฉบับ`);
  }
  const shas = [...new Set(doc.files.map((f) => f.sha256))];
  if (shas.length > 0) {
    const owned = new Set(
      (await trx.selectFrom('blob_owners').select('sha256').where('org_id', '=', device.orgId).where('sha256', 'in', shas).execute()).map((r) => r.sha256),
    );
    const missing = shas.find((s) => !owned.has(s));
    if (missing) return { status: 'missing_blob', sha256: missing };
  }
  const { id, files, ...data } = doc;
  await trx
    .insertInto('dist_documents')
    .values({
      id,
      sender_org_id: device.orgId,
      sender_device_id: device.id,
      data: JSON.stringify(data),
      files: JSON.stringify(files),
      recipient_count: recipients.length,
    })
    .execute();
  for (let i = 0; i < recipients.length; i += 500) {
    const part = recipients.slice(i, i + 500);
    await trx.insertInto('dist_recipients').values(part.map((org_id, j) => ({ document_id: id, org_id, position: i + j + 1 }))).execute();
    // The recipients' feeds point at the one stored document; pull fills it in.
    await trx.insertInto('feed').values(part.map((org_id) => ({ org_id, device_id: null, kind: 'dist.document', body: JSON.stringify({ id }) }))).execute();
  }
  if (files.length > 0) await trx.insertInto('dist_files').values(files.map((f) => ({ document_id: id, position: f.position, sha256: f.sha256 }))).execute();
  return { status: 'accepted' };
}

async function receipt(trx: Tx, device: DistDevice, item: PushItem, pendingEntry: PendingEntryLookup): Promise<DistOutcome> {
  const p = distReceiptPayload.safeParse(item.payload);
  if (!p.success) return refuse(firstIssue(p.error), 'invalid_payload');
  const r = p.data;
  const row = await trx
    .selectFrom('dist_recipients as r')
    .innerJoin('dist_documents as d', 'd.id', 'r.document_id')
    .select(['r.received_at', 'd.withdrawn_at', 'd.sender_org_id'])
    .where('r.document_id', '=', r.documentId)
    .where('r.org_id', '=', device.orgId)
    .executeTakeFirst();
  // A document not addressed to this organisation answers like a missing one.
  if (!row) return refuse(NOT_FOUND);
  if (row.received_at) return { status: 'accepted' }; // idempotent: the first receipt stands
  if (row.withdrawn_at) return refuse('ผู้ส่งยกเลิกการส่งหนังสือฉบับนี้ก่อนที่จะลงรับ การลงรับจึงไม่ถูกนับ');
  // The register number reported must be one the server accepted for this organisation.
  const inBatch = pendingEntry(r.entryId);
  const entry =
    inBatch ??
    (await trx.selectFrom('entries').select(['kind', 'register_no as registerNo', 'year']).where('id', '=', r.entryId).where('org_id', '=', device.orgId).executeTakeFirst());
  if (!entry || entry.kind !== 'incoming' || entry.registerNo !== r.registerNo || entry.year !== r.registerYear) {
    return refuse('เลขรับที่แจ้งไม่ตรงกับทะเบียนหนังสือรับที่เซิร์ฟเวอร์มี จึงยังไม่นับว่าลงรับ (ลงรับที่เครื่องที่ถือทะเบียนหนังสือรับ)');
  }
  await trx
    .updateTable('dist_recipients')
    .set({ received_at: new Date(), received_by: r.receivedBy, register_no: r.registerNo, register_year: r.registerYear, entry_id: r.entryId, receipt_device_id: device.id })
    .where('document_id', '=', r.documentId)
    .where('org_id', '=', device.orgId)
    .execute();
  await trx.updateTable('dist_documents').set((eb) => ({ received_count: eb('received_count', '+', 1) })).where('id', '=', r.documentId).execute();
  await trx
    .insertInto('feed')
    .values({ org_id: row.sender_org_id, device_id: null, kind: 'dist.receipt', body: JSON.stringify({ documentId: r.documentId, orgId: device.orgId }) })
    .execute();
  // The other PCs of the same school learn that it is received (one entry per school).
  await trx
    .insertInto('feed')
    .values({ org_id: device.orgId, device_id: null, kind: 'dist.receipt', body: JSON.stringify({ documentId: r.documentId, orgId: device.orgId }) })
    .execute();
  return { status: 'accepted' };
}

async function withdraw(trx: Tx, device: DistDevice, item: PushItem): Promise<DistOutcome> {
  const p = distWithdrawPayload.safeParse(item.payload);
  if (!p.success) return refuse(firstIssue(p.error), 'invalid_payload');
  const doc = await trx
    .selectFrom('dist_documents')
    .select(['sender_org_id', 'received_count', 'withdrawn_at'])
    .where('id', '=', p.data.documentId)
    .executeTakeFirst();
  if (!doc || doc.sender_org_id !== device.orgId) return refuse(NOT_FOUND);
  if (doc.withdrawn_at) return { status: 'accepted' };
  if (doc.received_count > 0) {
    return refuse(`มีผู้รับลงรับหนังสือนี้แล้ว ${doc.received_count} แห่ง จึงยกเลิกการส่งไม่ได้ หากต้องแก้ไขให้ส่งหนังสือฉบับใหม่`);
  }
  await trx
    .updateTable('dist_documents')
    .set({ withdrawn_at: new Date(), withdraw_reason: p.data.reason, withdrawn_by: p.data.by })
    .where('id', '=', p.data.documentId)
    .execute();
  await sql`INSERT INTO feed (org_id, device_id, kind, body)
            SELECT org_id, NULL, 'dist.withdrawn', ${JSON.stringify({ id: p.data.documentId })}::jsonb
              FROM dist_recipients WHERE document_id = ${p.data.documentId}`.execute(trx);
  return { status: 'accepted' };
}
