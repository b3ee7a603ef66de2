// The audit trail: every change is an append-only event with who, when and the before/after
// values, chained by hash so that editing the SQLite file behind the app's back shows.
// hash = sha256(prev_hash + canonical JSON of the event); the first event links to GENESIS.
// Written in the same transaction as the change it records (entries.ts writeVersion et al.).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Entry } from '../../src-shared/domain.js';
import { auditDescriptionText, describeAudit } from '../../src-shared/auditText.js';
import { storableText } from '../../src-shared/text.js';
import { formatThaiDateTime, localIsoTimestamp } from '../../src-shared/thai.js';
import type { AuditEvent, AuditExport, AuditPage, AuditVerification } from '../../src-shared/usersSchemas.js';
import { csvFile, type CsvValue } from '../csv.js';
import type { Store } from '../db/store.js';
import { currentCaller } from './caller.js';
import { hideSecretValues, isSecret } from './secrecy.js';

export const GENESIS = '0'.repeat(64);
const HEAD_KEY = 'audit_head';

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** The event concerns a secret entry: its values are hidden from users without the right. */
  secret?: boolean;
  /** Defaults to the logged-in caller, or ระบบ for the app's own work. */
  actor?: string;
  at?: string;
}

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** An audit_events row as stored. */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  secret: number;
  prev_hash: string;
  hash: string;
}

/** A stored event's fields as the hash and the API both see them (before/after parsed). */
function eventFields(r: Omit<AuditRow, 'hash' | 'prev_hash'>) {
  const parse = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));
  return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: parse(r.before), after: parse(r.after) };
}

/**
 * The hashed body: canonicalJson of { seq, at, actor, action, entity, entityId, before, after,
 * secret }, written out in its sorted key order with before/after as stored. They are stored
 * as canonical JSON already (appendAudit), so this is the same text as parsing them and
 * canonicalising the whole event again, without doing that twice for every registration.
 */
function eventBody(r: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  const s = JSON.stringify;
  return `{"action":${s(r.action)},"actor":${s(r.actor)},"after":${r.after ?? 'null'},"at":${s(r.at)},"before":${r.before ?? 'null'},` +
    `"entity":${s(r.entity)},"entityId":${r.entity_id === null ? 'null' : s(r.entity_id)},"secret":${r.secret},"seq":${r.seq}}`;
}

function eventHash(prevHash: string, r: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  return createHash('sha256').update(prevHash).update(eventBody(r)).digest('hex');
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(db: Database.Database, sql: string): Database.Statement {
  let map = statements.get(db);
  if (!map) statements.set(db, (map = new Map()));
  let stmt = map.get(sql);
  if (!stmt) map.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

export function defaultActor(): string {
  return currentCaller()?.user?.displayName ?? 'ระบบ';
}

/** Appends one event. Call inside the change's transaction; opens its own when there is none. */
export function appendAudit(store: Store, e: AuditInput): void {
  const write = () => {
    const db = store.sqlite;
    const last = prepared(db, 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string }
      | undefined;
    // The hash is taken over exactly what SQLite stores: text columns keep only well-formed
    // UTF-16 (a lone surrogate, e.g. in a failed login's user name, is stored as U+FFFD), so the
    // same replacement is made first. before/after are JSON, whose escapes keep every character.
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: storableText(e.at ?? localIsoTimestamp(new Date())),
      actor: storableText(e.actor ?? defaultActor()),
      action: storableText(e.action),
      entity: storableText(e.entity),
      entity_id: e.entityId === undefined || e.entityId === null ? null : storableText(e.entityId),
      before: e.before === undefined || e.before === null ? null : canonicalJson(e.before),
      after: e.after === undefined || e.after === null ? null : canonicalJson(e.after),
      secret: e.secret ? 1 : 0,
    };
    const prevHash = last?.hash ?? GENESIS;
    const hash = eventHash(prevHash, row);
    prepared(
      db,
      `INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, before, after, secret, prev_hash, hash)
       VALUES (@seq, @at, @actor, @action, @entity, @entity_id, @before, @after, @secret, @prev_hash, @hash)`,
    ).run({ ...row, prev_hash: prevHash, hash });
    // The chain's head, to find events removed from its end; the same upsert as Store.setMeta,
    // prepared once: this runs in every registration's transaction.
    prepared(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(HEAD_KEY, `${row.seq}:${hash}`);
  };
  if (store.sqlite.inTransaction) write();
  else store.tx(write);
}

/**
 * Appends many events in order, inside the caller's transaction: the head is read once and
 * written once (an import writes one event per entry, tens of thousands in one transaction).
 */
export function appendAuditBatch(store: Store, events: AuditInput[]): void {
  if (events.length === 0) return;
  if (!store.sqlite.inTransaction) throw new Error('appendAuditBatch runs inside the change\'s own transaction');
  const db = store.sqlite;
  const last = prepared(db, 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const insert = prepared(
    db,
    `INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, before, after, secret, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @entity, @entity_id, @before, @after, @secret, @prev_hash, @hash)`,
  );
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS;
  for (const e of events) {
    seq++;
    const row = {
      seq,
      at: e.at ?? localIsoTimestamp(new Date()),
      actor: e.actor ?? defaultActor(),
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId ?? null,
      before: e.before === undefined || e.before === null ? null : canonicalJson(e.before),
      after: e.after === undefined || e.after === null ? null : canonicalJson(e.after),
      secret: e.secret ? 1 : 0,
    };
    const hash = eventHash(prevHash, row);
    insert.run({ ...row, prev_hash: prevHash, hash });
    prevHash = hash;
  }
  store.setMeta(HEAD_KEY, `${seq}:${prevHash}`);
}

/** Walks the whole chain and reports the first event that does not match. */
export function verifyAuditDb(db: Database.Database): AuditVerification {
  let expectedPrev = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  const broken = (seq: number, reason: string): AuditVerification => ({ ok: false, checked, firstBreak: { seq, reason } });
  for (const r of db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    if (r.seq !== expectedSeq) return broken(expectedSeq, `เหตุการณ์ลำดับที่ ${expectedSeq} หายไปจากบันทึก`);
    if (r.prev_hash !== expectedPrev) return broken(r.seq, `เหตุการณ์ลำดับที่ ${r.seq} ไม่ต่อเนื่องกับเหตุการณ์ก่อนหน้า`);
    if (eventHash(r.prev_hash, r) !== r.hash) return broken(r.seq, `เหตุการณ์ลำดับที่ ${r.seq} ถูกแก้ไขนอกโปรแกรม`);
    expectedPrev = r.hash;
    expectedSeq = r.seq + 1;
    checked++;
  }
  const head = (db.prepare('SELECT value FROM meta WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined)?.value;
  if (head) {
    const [seq] = head.split(':');
    const headSeq = Number(seq);
    if (headSeq >= expectedSeq) return broken(expectedSeq, `เหตุการณ์ตั้งแต่ลำดับที่ ${expectedSeq} ถึง ${headSeq} ถูกลบออกนอกโปรแกรม`);
    if (headSeq === expectedSeq - 1 && head !== `${headSeq}:${expectedPrev}`) {
      return broken(headSeq, `เหตุการณ์ลำดับที่ ${headSeq} ไม่ตรงกับที่บันทึกไว้ล่าสุด`);
    }
  }
  return { ok: true, checked, firstBreak: null };
}

export function verifyAudit(store: Store): AuditVerification {
  return verifyAuditDb(store.sqlite);
}

type EntryRef = NonNullable<AuditEvent['entry']>;

/** The book and number of the entries events refer to (entity 'entry'). */
function entryRefs(store: Store): (r: AuditRow) => EntryRef | null {
  const cache = new Map<string, EntryRef | null>();
  return (r) => {
    if (r.entity !== 'entry' || !r.entity_id) return null;
    if (!cache.has(r.entity_id)) {
      const e = prepared(store.sqlite, 'SELECT kind, year, register_no FROM entries WHERE id = ?').get(r.entity_id) as
        | { kind: string; year: number; register_no: number }
        | undefined;
      cache.set(r.entity_id, e ? { kind: e.kind, year: e.year, registerNo: e.register_no } : null);
    }
    return cache.get(r.entity_id) ?? null;
  };
}

function toEvent(r: AuditRow, canSeeSecret: boolean, entryOf: (r: AuditRow) => EntryRef | null = () => null): AuditEvent {
  const e = eventFields(r);
  const entry = entryOf(r);
  if (r.secret !== 1 || canSeeSecret) return { ...e, hash: r.hash, entry };
  return { ...e, before: hideSecretValues(e.before), after: hideSecretValues(e.after), hash: r.hash, entry };
}

export function listAudit(
  store: Store,
  input: { page: number; pageSize: number; entityId: string | null; action: string | null },
  canSeeSecret: boolean,
): AuditPage {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.entityId) {
    where.push('entity_id = ?');
    params.push(input.entityId);
  }
  if (input.action) {
    where.push('action = ?');
    params.push(input.action);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = store.raw<{ n: number }>(`SELECT count(*) AS n FROM audit_events ${w}`, params)[0]?.n ?? 0;
  const rows = store.raw<AuditRow>(`SELECT * FROM audit_events ${w} ORDER BY seq DESC LIMIT ? OFFSET ?`, [
    ...params,
    input.pageSize,
    (input.page - 1) * input.pageSize,
  ]);
  const entryOf = entryRefs(store);
  return { rows: rows.map((r) => toEvent(r, canSeeSecret, entryOf)), page: input.page, pageSize: input.pageSize, total };
}

export function entryHistory(store: Store, entryId: string, canSeeSecret: boolean): AuditEvent[] {
  const entryOf = entryRefs(store);
  return store.raw<AuditRow>('SELECT * FROM audit_events WHERE entity_id = ? ORDER BY seq', [entryId]).map((r) => toEvent(r, canSeeSecret, entryOf));
}

/** A cell of the audit CSV: a before/after value as its canonical JSON. */
const auditCell = (v: unknown): CsvValue => (v === null || v === undefined || typeof v !== 'object' ? (v as CsvValue) : canonicalJson(v));

/** The whole trail as CSV (UTF-8 with BOM for Thai Excel); the export itself is an event. */
export function exportAudit(store: Store, canSeeSecret: boolean, now: Date): AuditExport {
  // The description column says it in Thai (src-shared/auditText.ts); the raw values follow
  // for an auditor's own tools, and only here.
  const lines: CsvValue[][] = [];
  const entryOf = entryRefs(store);
  const groups = new Map(store.raw<{ id: number; name: string }>('SELECT id, name FROM groups').map((g) => [g.id, g.name]));
  const people = new Map(store.raw<{ id: number; name: string }>('SELECT id, name FROM people').map((p) => [p.id, p.name]));
  const names = { group: (id: number) => groups.get(id), person: (id: number) => people.get(id) };
  for (const r of store.sqlite.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    const e = toEvent(r, canSeeSecret, entryOf);
    const d = describeAudit(e, names);
    lines.push([e.seq, formatThaiDateTime(e.at), e.actor, d.action, d.target, auditDescriptionText(e, names), e.entity, e.entityId, e.before, e.after, e.hash].map(auditCell));
  }
  const rows = lines.length;
  const stamp = localIsoTimestamp(now).replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  appendAudit(store, { action: 'export', entity: 'audit', after: { rows, file: `audit-${stamp}.csv` } });
  return { fileName: `audit-${stamp}.csv`, csv: csvFile(['ลำดับ', 'เวลา', 'ผู้ใช้', 'การกระทำ', 'รายการ', 'คำอธิบาย', 'ประเภท', 'รหัสรายการ', 'ก่อน (JSON)', 'หลัง (JSON)', 'hash'], lines), rows };
}

/** An entry's create/edit/cancel, recorded in the transaction that makes it (entries.ts). */
export function auditEntryChange(
  store: Store,
  actor: string,
  at: string,
  entry: Entry,
  change: 'create' | 'edit' | 'cancel',
  diff: Record<string, [unknown, unknown]>,
): void {
  const side = (i: 0 | 1) => Object.fromEntries(Object.entries(diff).map(([k, pair]) => [k, pair[i]]));
  const wasSecret = Array.isArray(diff.secrecy) && isSecret(String(diff.secrecy[0]));
  appendAudit(store, {
    action: `entry.${change}`,
    entity: 'entry',
    entityId: entry.id,
    actor,
    at,
    secret: isSecret(entry.secrecy) || wasSecret,
    before: change === 'create' ? null : side(0),
    after: change === 'create' ? entry : side(1),
  });
}
