// หนังสือรับ on the desktop: what pull brings (documents addressed to this organisation, their
// withdrawal; receipts of documents it sent) and ลงรับ, which registers the document in the
// incoming book with the next number AND puts the receipt in the outbox in one transaction.
import type { AttachmentRef } from '../../src-shared/domain.js';
import { DIST_ENTITY, type DistPullItem, type DistReceiptPayload } from '../../src-shared/distributionSchemas.js';
import type { EntryFields } from '../../src-shared/schemas.js';
import { beYearOf, localIsoDate, localIsoTimestamp } from '../../src-shared/thai.js';
import { blobExists } from '../attachments/blobFiles.js';
import type { Store } from '../db/store.js';
import { DomainError } from '../errors.js';
import { insertEntries, type WriteContext } from '../registers/entries.js';
import { enqueue } from '../sync/outbox.js';
import { readConfig } from '../sync/syncState.js';
import { appendAudit } from '../users/audit.js';
import { linkFiles } from './send.js';

/** The server's times (UTC) as this PC's local timestamps, like every other time in the register. */
const local = (iso: string): string => localIsoTimestamp(new Date(iso));

/** Applies one distribution pull item; the caller holds the page's transaction. */
export function applyDistributionItem(store: Store, item: DistPullItem, at: string): void {
  const db = store.sqlite;
  if (item.type === 'dist.document') {
    const d = item.document;
    const doc = d.document;
    db.prepare(
      `INSERT INTO dist_inbox (id, sender_org_id, sender_name, doc_no, doc_date, subject, summary, urgency, secrecy, sent_at, arrived_at, withdrawn_at, withdraw_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(d.id, d.senderOrgId, d.senderName, doc.docNo, doc.docDate, doc.subject, doc.summary, doc.urgency, doc.secrecy, local(d.sentAt), at, d.withdrawn ? local(d.withdrawn.at) : null, d.withdrawn?.reason ?? null);
    linkFiles({ store, actor: '', deviceId: '', now: new Date(at) }, d.id, doc.files, false, at);
    if (d.receipt) applyOwnReceipt(store, d.receipt.documentId, local(d.receipt.receivedAt), d.receipt.receivedBy, d.receipt.registerNo, d.receipt.registerYear);
  } else if (item.type === 'dist.withdrawn') {
    const changed = db.prepare('UPDATE dist_inbox SET withdrawn_at = ?, withdraw_reason = ? WHERE id = ? AND withdrawn_at IS NULL').run(local(item.at), item.reason, item.documentId).changes;
    if (changed > 0) {
      const row = store.raw<{ secrecy: string; subject: string }>('SELECT secrecy, subject FROM dist_inbox WHERE id = ?', [item.documentId])[0];
      appendAudit(store, { action: 'distribution.withdrawn', entity: 'distribution', entityId: item.documentId, after: { reason: item.reason, subject: row?.subject }, secret: row?.secrecy !== 'none', actor: 'ระบบซิงก์', at });
    }
  } else {
    const r = item.receipt;
    const mine = readConfig(store)?.orgId === r.orgId;
    if (mine) applyOwnReceipt(store, r.documentId, local(r.receivedAt), r.receivedBy, r.registerNo, r.registerYear);
    const changed = db
      .prepare('UPDATE dist_sent_recipients SET received_at = ?, received_by = ?, register_no = ?, register_year = ? WHERE document_id = ? AND org_id = ? AND received_at IS NULL')
      .run(local(r.receivedAt), r.receivedBy, r.registerNo, r.registerYear, r.documentId, r.orgId).changes;
    // Counted once per recipient, however often the receipt arrives.
    if (changed > 0) db.prepare('UPDATE dist_sent SET received_count = received_count + 1 WHERE id = ?').run(r.documentId);
  }
}

/** Another PC of this school received it: this PC shows it as received (and never registers it twice). */
function applyOwnReceipt(store: Store, id: string, at: string, by: string, no: number, year: number): void {
  store.sqlite
    .prepare('UPDATE dist_inbox SET received_at = coalesce(received_at, ?), received_by = coalesce(received_by, ?), register_no = coalesce(register_no, ?), register_year = coalesce(register_year, ?) WHERE id = ?')
    .run(at, by, no, year, id);
}

interface InboxRow {
  id: string;
  sender_name: string;
  doc_no: string;
  doc_date: string;
  subject: string;
  urgency: string;
  secrecy: string;
  withdrawn_at: string | null;
  entry_id: string | null;
  received_at: string | null;
  register_no: number | null;
  register_year: number | null;
}

export interface ReceiveResult {
  entryId: string | null;
  registerNo: number;
  registerYear: number;
  already: boolean;
}

/**
 * ลงรับ: one local transaction registers the document in this school's ทะเบียนหนังสือรับ (the
 * next number, files linked without a second copy) and queues the receipt. Receiving again,
 * here or on another PC of the school, answers the first registration.
 */
export function receiveDocument(ctx: WriteContext, id: string, dataDir: string): ReceiveResult {
  const { store } = ctx;
  const config = readConfig(store);
  if (!config) throw new DomainError('conflict', 'เครื่องนี้ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์');
  return store.tx(() => {
    const doc = store.raw<InboxRow>('SELECT * FROM dist_inbox WHERE id = ?', [id])[0];
    if (!doc) throw new DomainError('not_found', 'ไม่พบหนังสือนี้ในหนังสือรับ');
    if (doc.register_no !== null && doc.register_year !== null) {
      return { entryId: doc.entry_id, registerNo: doc.register_no, registerYear: doc.register_year, already: true };
    }
    if (doc.withdrawn_at) throw new DomainError('conflict', 'ผู้ส่งยกเลิกการส่งหนังสือฉบับนี้แล้ว จึงลงรับไม่ได้');
    const year = beYearOf(localIsoDate(ctx.now));
    // The number is final once given: only the PC that holds the incoming book may give it.
    const holder = store.raw<{ holder_device_id: string }>("SELECT holder_device_id FROM sync_books WHERE kind = 'incoming' AND year = ?", [year])[0];
    if (holder && holder.holder_device_id !== config.deviceId) {
      throw new DomainError(
        'conflict',
        `ทะเบียนหนังสือรับ ปี ${year} อยู่ที่เครื่องอื่นของโรงเรียน จึงลงรับที่เครื่องนี้ไม่ได้ กรุณาลงรับที่เครื่องที่ถือทะเบียนหนังสือรับ หรือให้เครื่องนั้นส่งมอบทะเบียนมาก่อน`,
      );
    }
    const files = store.raw<{ position: number; sha256: string; name: string; description: string; size: number; mime_type: string; downloaded: number }>(
      'SELECT * FROM dist_files WHERE document_id = ? ORDER BY position',
      [id],
    );
    const missing = files.filter((f) => !f.downloaded || !blobExists(dataDir, f.sha256));
    if (missing.length > 0) {
      throw new DomainError('conflict', `ไฟล์แนบของหนังสือนี้ยังดาวน์โหลดไม่ครบ (${missing.length} ไฟล์) กรุณาเชื่อมต่อเซิร์ฟเวอร์แล้วลองอีกครั้ง`);
    }
    const fields: EntryFields = {
      kind: 'incoming',
      docNo: doc.doc_no,
      docDate: doc.doc_date,
      from: doc.sender_name,
      to: config.orgName,
      subject: doc.subject,
      groupId: null,
      personId: null,
      remark: 'รับทางระบบรับส่งหนังสือราชการ',
      urgency: doc.urgency as EntryFields['urgency'],
      secrecy: doc.secrecy as EntryFields['secrecy'],
    };
    const refs: AttachmentRef[] = files.map((f) => ({ sha256: f.sha256, size: f.size, name: f.name, mimeType: f.mime_type, description: f.description, position: f.position }));
    const entry = insertEntries(ctx, 'incoming', [fields], [refs])[0];
    if (!entry) throw new Error('no entry');
    const at = localIsoTimestamp(ctx.now);
    store.sqlite
      .prepare('UPDATE dist_inbox SET entry_id = ?, received_at = ?, received_by = ?, register_no = ?, register_year = ? WHERE id = ?')
      .run(entry.id, at, ctx.actor, entry.registerNo, entry.year, id);
    const payload: DistReceiptPayload = { documentId: id, entryId: entry.id, registerNo: entry.registerNo, registerYear: entry.year, receivedBy: ctx.actor, deviceTime: at };
    // Same transaction as the register entry: the receipt is sent exactly once, after the entry.
    enqueue(store, { idempotencyKey: `receipt:${id}`, entity: DIST_ENTITY, entityId: id, op: 'receipt', payload, createdAt: at });
    appendAudit(store, { action: 'distribution.receive', entity: 'distribution', entityId: id, after: { entryId: entry.id, registerNo: entry.registerNo, year: entry.year }, secret: doc.secrecy !== 'none', actor: ctx.actor, at });
    return { entryId: entry.id, registerNo: entry.registerNo, registerYear: entry.year, already: false };
  });
}
