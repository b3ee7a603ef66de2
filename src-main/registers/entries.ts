// The write side of the register engine, shared by all four books: register (with its number),
// edit (a new version), cancel (keeps its number). Each runs in one immediate transaction that
// also writes the version row and the outbox row.
import { timeOrderedId } from '../db/timeOrderedId.js';
import type { AttachmentRef, Entry, RegisterKind } from '../../src-shared/domain.js';
import { certificateDocNo, orderDocNo, outgoingDocNo } from '../../src-shared/docNumber.js';
import type { EntryFields } from '../../src-shared/schemas.js';
import { beYearOf, localIsoDate, localIsoTimestamp } from '../../src-shared/thai.js';
import { attachmentsSummary, sameAttachments, writeEntryAttachments } from '../attachments/records.js';
import type { Store } from '../db/store.js';
import type { EntriesTable } from '../db/schema.js';
import { DomainError, invalid } from '../errors.js';
import { allocate } from './books.js';
import { getGroup, getOffice, getPerson, requireOfficeSetUp } from './office.js';
import { enqueue } from '../sync/outbox.js';
import { syncedEntry } from '../sync/syncPayload.js';
import { auditEntryChange } from '../users/audit.js';
import { findEntry, requireEntry, toEntry } from './queries.js';

export interface WriteContext {
  store: Store;
  actor: string;
  deviceId: string;
  now: Date;
}

/** The editable content of an entry, as stored. */
type Content = Pick<
  EntriesTable,
  'doc_date' | 'subject' | 'group_id' | 'person_id' | 'remark' | 'urgency' | 'secrecy' | 'from_text' | 'to_text' | 'signer' | 'recipient' | 'doc_no' | 'reply_to_id'
>;

const CONTENT_LABELS: Record<keyof Content, string> = {
  doc_no: 'docNo',
  doc_date: 'docDate',
  from_text: 'from',
  to_text: 'to',
  subject: 'subject',
  group_id: 'groupId',
  person_id: 'personId',
  remark: 'remark',
  urgency: 'urgency',
  secrecy: 'secrecy',
  signer: 'signer',
  recipient: 'recipient',
  reply_to_id: 'replyToId',
};

interface Refs {
  groupId: number | null;
  personId: number | null;
  /** Their names, as the entry shows them (a new entry is returned without reading it back). */
  groupName: string | null;
  personName: string | null;
}

/** Checks references the schema cannot: the group and person exist and agree. */
function resolveRefs(store: Store, fields: EntryFields): Refs {
  let groupId = fields.groupId;
  let groupName: string | null = null;
  if (groupId !== null) {
    const group = getGroup(store, groupId);
    if (!group || !group.active) throw invalid('groupId', 'ไม่พบกลุ่มปฏิบัติที่เลือก');
    groupName = group.name;
  }
  const personId = fields.personId;
  let personName: string | null = null;
  if (personId !== null) {
    const person = getPerson(store, personId);
    if (!person || !person.active) throw invalid('personId', 'ไม่พบบุคคลปฏิบัติที่เลือก');
    if (groupId === null) {
      groupId = person.groupId;
      groupName = getGroup(store, groupId)?.name ?? null;
    } else if (person.groupId !== groupId) throw invalid('personId', 'บุคคลนี้ไม่ได้อยู่ในกลุ่มปฏิบัติที่เลือก');
    personName = person.name;
  }
  return { groupId, personId, groupName, personName };
}

type ContentValues = Omit<Content, 'doc_no'> & { doc_no: string | null };

function content(store: Store, fields: EntryFields): ContentValues {
  return contentWithNames(store, fields).values;
}

function contentWithNames(store: Store, fields: EntryFields): { values: ContentValues; refs: Refs } {
  const refs = resolveRefs(store, fields);
  const { groupId, personId } = refs;
  const base = {
    doc_date: fields.docDate,
    subject: fields.subject,
    group_id: groupId,
    person_id: personId,
    remark: fields.remark,
    urgency: fields.urgency,
    secrecy: fields.secrecy,
    from_text: '',
    to_text: '',
    signer: '',
    recipient: '',
    reply_to_id: null as string | null,
    doc_no: null as string | null,
  };
  switch (fields.kind) {
    case 'incoming':
      return { refs, values: { ...base, from_text: fields.from, to_text: fields.to, doc_no: fields.docNo } };
    case 'outgoing': {
      if (fields.replyToId !== null) {
        const original = findEntry(store, fields.replyToId);
        if (!original || original.kind !== 'incoming') throw invalid('replyToId', 'ไม่พบหนังสือรับที่ตอบ');
      }
      return { refs, values: { ...base, from_text: fields.from, to_text: fields.to, reply_to_id: fields.replyToId } };
    }
    case 'order':
      return { refs, values: { ...base, signer: fields.signer } };
    case 'certificate':
      return { refs, values: { ...base, signer: fields.signer, recipient: fields.recipient } };
  }
}

function docNoFor(store: Store, kind: RegisterKind, registerNo: number, circularNo: number | null, year: number): string {
  const office = getOffice(store);
  switch (kind) {
    case 'outgoing':
      return outgoingDocNo(office, registerNo, circularNo);
    case 'order':
      return orderDocNo(registerNo, year);
    case 'certificate':
      return certificateDocNo(office.certificatePattern, registerNo, year);
    case 'incoming':
      throw new Error('an incoming entry carries the sender\'s number');
  }
}

function writeVersion(
  ctx: WriteContext,
  entry: Entry,
  change: 'create' | 'edit' | 'cancel',
  diff: Record<string, [unknown, unknown]>,
): void {
  const versionId = timeOrderedId();
  const at = localIsoTimestamp(ctx.now);
  ctx.store.insert('entry_versions', {
    id: versionId,
    entry_id: entry.id,
    version: entry.version,
    change,
    changed_at: at,
    changed_by: ctx.actor,
    diff: JSON.stringify(diff),
    snapshot: JSON.stringify(entry),
  });
  // Same transaction as the entry and its version: the sync module can never miss a change.
  enqueue(ctx.store, {
    idempotencyKey: versionId,
    entity: 'entry',
    entityId: entry.id,
    op: change,
    // A secret entry's content never leaves the PC (src-main/sync/syncPayload.ts).
    payload: { deviceId: ctx.deviceId, deviceTime: at, version: entry.version, entry: syncedEntry(ctx.store, entry) },
    createdAt: at,
  });
  // The hash-chained audit trail, in the same transaction (src-main/users/audit.ts).
  auditEntryChange(ctx.store, ctx.actor, at, entry, change, diff);
}

/**
 * Registers one entry: allocates its number in the same transaction. `attachments` are files
 * already on disk (see src-main/attachments); their rows commit with the entry or not at all.
 */
export function createEntry(ctx: WriteContext, fields: EntryFields, attachments: AttachmentRef[] = []): Entry {
  requireOfficeSetUp(ctx.store, fields.kind);
  return ctx.store.tx(() => insertEntries(ctx, fields.kind, [fields], [attachments])[0] as Entry);
}

/**
 * Inserts entries with a contiguous block of numbers. Caller holds the transaction (so a bulk
 * certificate issue is one transaction for the whole block).
 */
export function insertEntries(ctx: WriteContext, kind: RegisterKind, list: EntryFields[], attachments: AttachmentRef[][] = []): Entry[] {
  const { store } = ctx;
  const registeredOn = localIsoDate(ctx.now);
  const registeredAt = localIsoTimestamp(ctx.now);
  const year = beYearOf(registeredOn);
  const rows = list.map((fields) => {
    if (fields.kind !== kind) throw invalid('kind', 'ชนิดทะเบียนไม่ตรงกัน');
    return { fields, ...contentWithNames(store, fields) };
  });
  const circular = kind === 'outgoing' && list.length === 1 && list[0]?.kind === 'outgoing' && list[0].circular;
  const alloc = allocate(store, kind, year, list.length, circular);
  return rows.map(({ values: c, refs }, i) => {
    const registerNo = alloc.registerNo + i;
    const id = timeOrderedId();
    const docNo = kind === 'incoming' ? (c.doc_no ?? '') : docNoFor(store, kind, registerNo, alloc.circularNo, year);
    const row = {
      ...c,
      id,
      book_id: alloc.bookId,
      kind,
      year,
      register_no: registerNo,
      circular_no: alloc.circularNo,
      doc_no: docNo,
      registered_at: registeredAt,
      registered_on: registeredOn,
      status: 'active',
      cancel_reason: null,
      version: 1,
      updated_at: registeredAt,
      updated_by: ctx.actor,
    };
    store.insert('entries', row);
    const files = attachments[i] ?? [];
    if (files.length > 0) writeEntryAttachments(store, id, 1, files, registeredAt);
    // The entry as inserted, without reading it back (13 % of a registration's CPU); with files,
    // read back for their rows. A test compares the two.
    const entry =
      files.length > 0 ? requireEntry(store, id) : toEntry({ ...row, group_name: refs.groupName, person_name: refs.personName });
    writeVersion(ctx, entry, 'create', {});
    return entry;
  });
}

function ensureEditable(entry: Entry, expectedVersion: number): void {
  if (entry.status === 'cancelled') throw new DomainError('conflict', 'รายการนี้ถูกยกเลิกแล้ว แก้ไขไม่ได้');
  if (entry.version !== expectedVersion) {
    throw new DomainError('conflict', 'รายการนี้ถูกแก้ไขไปแล้ว กรุณาเปิดรายการใหม่แล้วแก้ไขอีกครั้ง');
  }
}

/**
 * Edits an entry as a new version; the register number (and our own document number) never change.
 * `attachments` (when given) become the new version's files; undefined leaves them as they are.
 */
export function updateEntry(
  ctx: WriteContext,
  id: string,
  expectedVersion: number,
  fields: EntryFields,
  attachments?: AttachmentRef[],
): Entry {
  const { store } = ctx;
  return store.tx(() => {
    const entry = requireEntry(store, id);
    ensureEditable(entry, expectedVersion);
    if (fields.kind !== entry.kind) throw invalid('kind', 'ชนิดทะเบียนไม่ตรงกับรายการเดิม');
    const next = content(store, fields);
    const current = store.first(store.q.selectFrom('entries').selectAll().where('id', '=', id)) as EntriesTable;
    const changes: Partial<Content> = {};
    const diff: Record<string, [unknown, unknown]> = {};
    for (const key of Object.keys(CONTENT_LABELS) as (keyof Content)[]) {
      if (key === 'doc_no' && entry.kind !== 'incoming') continue;
      if (key === 'reply_to_id' && entry.kind !== 'outgoing') continue;
      const after = next[key];
      if (after !== current[key]) {
        (changes as Record<string, unknown>)[key] = after;
        diff[CONTENT_LABELS[key]] = [current[key], after];
      }
    }
    return saveEdit(ctx, entry, changes, diff, attachments);
  });
}

/** Replaces, adds, removes or reorders an entry's files as a new version (the other fields stay). */
export function updateEntryAttachments(ctx: WriteContext, id: string, expectedVersion: number, attachments: AttachmentRef[]): Entry {
  return ctx.store.tx(() => {
    const entry = requireEntry(ctx.store, id);
    ensureEditable(entry, expectedVersion);
    return saveEdit(ctx, entry, {}, {}, attachments);
  });
}

/** Writes an edit as the next version, files included; no version when nothing changed. Caller holds the transaction. */
function saveEdit(
  ctx: WriteContext,
  entry: Entry,
  changes: Partial<Content>,
  diff: Record<string, [unknown, unknown]>,
  attachments: AttachmentRef[] | undefined,
): Entry {
  const { store } = ctx;
  const filesChanged = attachments !== undefined && !sameAttachments(entry.attachments, attachments);
  if (filesChanged) diff.attachments = [attachmentsSummary(entry.attachments), attachmentsSummary(attachments)];
  if (Object.keys(diff).length === 0) return entry;
  const at = localIsoTimestamp(ctx.now);
  const version = entry.version + 1;
  store.run(
    store.q
      .updateTable('entries')
      .set({ ...changes, version, updated_at: at, updated_by: ctx.actor })
      .where('id', '=', entry.id),
  );
  if (filesChanged) writeEntryAttachments(store, entry.id, version, attachments, at);
  const updated = requireEntry(store, entry.id);
  writeVersion(ctx, updated, 'edit', diff);
  return updated;
}

/** Cancels (ยกเลิก) an entry: it keeps its number and stays in the register, marked. */
export function cancelEntry(ctx: WriteContext, id: string, expectedVersion: number, reason: string): Entry {
  const { store } = ctx;
  return store.tx(() => {
    const entry = requireEntry(store, id);
    ensureEditable(entry, expectedVersion);
    const at = localIsoTimestamp(ctx.now);
    store.run(
      store.q
        .updateTable('entries')
        .set({ status: 'cancelled', cancel_reason: reason, version: entry.version + 1, updated_at: at, updated_by: ctx.actor })
        .where('id', '=', id),
    );
    const cancelled = requireEntry(store, id);
    writeVersion(ctx, cancelled, 'cancel', { status: ['active', 'cancelled'], cancelReason: [null, reason] });
    return cancelled;
  });
}
