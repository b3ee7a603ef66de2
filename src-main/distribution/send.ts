// ส่งหนังสือราชการ on the desktop: a document, its recipients and its files are checked in full,
// then written with the send's outbox row in ONE transaction (nothing half-sent; it waits in
// the outbox when offline). Also ยกเลิกการส่ง (withdrawal), which goes the same way.
import { randomUUID } from 'node:crypto';
import type { AttachmentRef } from '../../src-shared/domain.js';
import {
  DIST_ENTITY,
  TOP_SECRET_REFUSAL,
  type DistComposeInput,
  type DistDocument,
  type DistSendPayload,
  type DistWithdrawPayload,
} from '../../src-shared/distributionSchemas.js';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import { DomainError, invalid } from '../errors.js';
import type { WriteContext } from '../registers/entries.js';
import { enqueue } from '../sync/outbox.js';
import { findEntry } from '../registers/queries.js';
import { readConfig } from '../sync/syncState.js';
import { appendAudit } from '../users/audit.js';
import { listDirectory } from './directory.js';

/** Who the form addresses, resolved against the local directory; every problem in Thai. */
export function resolveRecipients(ctx: WriteContext, input: DistComposeInput, myOrgId: string): string[] {
  const dir = listDirectory(ctx.store, true);
  const me = dir.find((o) => o.id === myOrgId);
  const office = me?.parentId ?? myOrgId;
  const reachable = (o: (typeof dir)[number]): boolean =>
    o.active && o.id !== myOrgId && (o.parentId === office || o.id === office) && (input.channel === 'agency' ? o.kind === 'agency' : o.kind !== 'agency');
  const chosen = new Set<string>();
  if (input.allGovernment) for (const o of dir) if (reachable(o) && o.kind === 'school' && o.schoolType === 'government') chosen.add(o.id);
  const byCode = new Map(dir.filter((o) => o.schoolCode).map((o) => [o.schoolCode as string, o]));
  const unknownCodes = input.schoolCodes.filter((c) => !byCode.has(c));
  if (unknownCodes.length > 0) throw invalid('recipients', `ไม่พบรหัสสถานศึกษา ${unknownCodes.slice(0, 5).join(', ')}${unknownCodes.length > 5 ? ' …' : ''} ในทำเนียบ`);
  for (const c of input.schoolCodes) chosen.add((byCode.get(c) as (typeof dir)[number]).id);
  const byId = new Map(dir.map((o) => [o.id, o]));
  for (const id of input.orgIds) chosen.add(id);
  const outside = [...chosen].filter((id) => {
    const o = byId.get(id);
    return !o || !reachable(o);
  });
  if (outside.length > 0) {
    const names = outside.slice(0, 3).map((id) => byId.get(id)?.name ?? id);
    throw invalid('recipients', `ผู้รับ ${names.join(', ')}${outside.length > 3 ? ' …' : ''} ไม่อยู่ในทำเนียบของสำนักงาน (หรือเลิกใช้แล้ว) จึงส่งให้ไม่ได้`);
  }
  if (chosen.size === 0) throw invalid('recipients', input.channel === 'agency' ? 'กรุณาเลือกหน่วยงานผู้รับอย่างน้อยหนึ่งแห่ง' : 'กรุณาเลือกสถานศึกษาผู้รับอย่างน้อยหนึ่งแห่ง');
  // The directory's order (by group and school code), so the tracking table reads like it.
  const order = new Map(dir.map((o, i) => [o.id, i]));
  return [...chosen].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

export function sendDocument(ctx: WriteContext, input: DistComposeInput, files: AttachmentRef[]): { id: string } {
  const { store } = ctx;
  if (input.secrecy === 'top_secret') throw invalid('secrecy', TOP_SECRET_REFUSAL);
  const config = readConfig(store);
  if (!config) throw new DomainError('conflict', 'เครื่องนี้ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์ จึงยังส่งหนังสือทางระบบไม่ได้ (ตั้งค่าระบบ > การเชื่อมต่อเซิร์ฟเวอร์)');
  if (input.sourceEntryId !== null) {
    const e = findEntry(store, input.sourceEntryId);
    if (!e || e.kind !== 'outgoing') throw invalid('sourceEntryId', 'ไม่พบหนังสือส่งที่จะส่งต่อทางระบบ');
    if (e.status === 'cancelled') throw invalid('sourceEntryId', 'หนังสือส่งฉบับนี้ถูกยกเลิกแล้ว ส่งทางระบบไม่ได้');
  }
  const recipients = resolveRecipients(ctx, input, config.orgId);
  const dir = new Map(listDirectory(store, true).map((o) => [o.id, o]));
  const at = localIsoTimestamp(ctx.now);
  const id = randomUUID();
  const document: DistDocument = {
    id,
    channel: input.channel,
    docNo: input.docNo,
    docDate: input.docDate,
    subject: input.subject,
    summary: input.summary,
    urgency: input.urgency,
    secrecy: input.secrecy,
    groups: input.groups,
    senderName: config.orgName,
    sentBy: ctx.actor,
    sourceEntryId: input.sourceEntryId,
    files: files.map((f, i) => ({ position: i + 1, sha256: f.sha256, size: f.size, name: f.name, mimeType: f.mimeType, description: f.description })),
  };
  const payload: DistSendPayload = { document, recipients };
  store.tx(() => {
    // Same transaction as the document: the sync module sends it exactly once.
    const seq = enqueue(store, { idempotencyKey: randomUUID(), entity: DIST_ENTITY, entityId: id, op: 'send', payload, createdAt: at });
    store.sqlite
      .prepare(
        `INSERT INTO dist_sent (id, channel, source_entry_id, doc_no, doc_date, subject, summary, urgency, secrecy, groups, outbox_seq, recipient_count, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.channel, input.sourceEntryId, input.docNo, input.docDate, input.subject, input.summary, input.urgency, input.secrecy, JSON.stringify(input.groups), seq, recipients.length, at, ctx.actor);
    const rec = store.sqlite.prepare('INSERT INTO dist_sent_recipients (document_id, org_id, position, name, school_code) VALUES (?, ?, ?, ?, ?)');
    recipients.forEach((orgId, i) => rec.run(id, orgId, i + 1, dir.get(orgId)?.name ?? orgId, dir.get(orgId)?.schoolCode ?? null));
    linkFiles(ctx, id, document.files, true, at);
    appendAudit(store, {
      action: 'distribution.send',
      entity: 'distribution',
      entityId: id,
      after: { docNo: input.docNo, subject: input.subject, recipients: recipients.length, files: document.files.length, sourceEntryId: input.sourceEntryId },
      secret: input.secrecy !== 'none',
      actor: ctx.actor,
      at,
    });
  });
  return { id };
}

/** The document's files, by SHA-256 in the register's own store: no second copy of the bytes. */
export function linkFiles(ctx: WriteContext, documentId: string, files: DistDocument['files'], downloaded: boolean, at: string): void {
  const blob = ctx.store.sqlite.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime_type, created_at) VALUES (?, ?, ?, ?)');
  const file = ctx.store.sqlite.prepare(
    'INSERT OR IGNORE INTO dist_files (document_id, position, sha256, name, description, size, mime_type, downloaded) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const f of files) {
    if (downloaded) blob.run(f.sha256, f.size, f.mimeType, at);
    file.run(documentId, f.position, f.sha256, f.name, f.description, f.size, f.mimeType, downloaded ? 1 : 0);
  }
}

/** ยกเลิกการส่ง: allowed while no recipient has received it (the server decides the race). */
export function withdrawDocument(ctx: WriteContext, id: string, reason: string): void {
  const { store } = ctx;
  store.tx(() => {
    const doc = store.raw<{ received_count: number; withdrawn_at: string | null; secrecy: string; subject: string }>(
      'SELECT received_count, withdrawn_at, secrecy, subject FROM dist_sent WHERE id = ?',
      [id],
    )[0];
    if (!doc) throw new DomainError('not_found', 'ไม่พบหนังสือที่ส่งฉบับนี้');
    if (doc.withdrawn_at) throw new DomainError('conflict', 'หนังสือฉบับนี้ยกเลิกการส่งไปแล้ว');
    if (doc.received_count > 0) {
      throw new DomainError('conflict', `มีผู้รับลงรับแล้ว ${doc.received_count} แห่ง จึงยกเลิกการส่งไม่ได้ หากต้องแก้ไขให้ส่งหนังสือฉบับใหม่`);
    }
    const at = localIsoTimestamp(ctx.now);
    const payload: DistWithdrawPayload = { documentId: id, reason, by: ctx.actor };
    const seq = enqueue(store, { idempotencyKey: randomUUID(), entity: DIST_ENTITY, entityId: id, op: 'withdraw', payload, createdAt: at });
    store.sqlite.prepare('UPDATE dist_sent SET withdrawn_at = ?, withdraw_reason = ?, withdraw_seq = ? WHERE id = ?').run(at, reason, seq, id);
    appendAudit(store, { action: 'distribution.withdraw', entity: 'distribution', entityId: id, before: { subject: doc.subject }, after: { reason }, secret: doc.secrecy !== 'none', actor: ctx.actor, at });
  });
}
