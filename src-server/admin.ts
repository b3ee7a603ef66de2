// Organisations and one-time enrolment codes: what the office's administrator creates.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { OrgKind } from '../src-shared/syncSchemas.js';
import type { ServerSchema } from './db/schema.js';
import { HttpError } from './errors.js';

// No 0/O, 1/I: the code is read aloud over the phone and typed by hand.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const hashSecret = (s: string): string => createHash('sha256').update(s).digest('hex');

export function newEnrolmentCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)] as string).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export interface OrgRow {
  id: string;
  name: string;
  kind: OrgKind;
}

export interface IssuedCode {
  org: OrgRow;
  code: string;
  expiresAt: string;
}

export async function createCode(db: Kysely<ServerSchema>, orgId: string, ttlHours = 72): Promise<IssuedCode> {
  const org = await db.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new HttpError(404, 'org_not_found', 'ไม่พบหน่วยงานนี้');
  const code = newEnrolmentCode();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await db.insertInto('enrolment_codes').values({ code_hash: hashSecret(code), org_id: orgId, expires_at: expiresAt }).execute();
  return { org: org as OrgRow, code, expiresAt: expiresAt.toISOString() };
}

export async function createOrg(db: Kysely<ServerSchema>, name: string, kind: OrgKind, ttlHours = 72): Promise<IssuedCode> {
  const id = randomUUID();
  await db.insertInto('organisations').values({ id, name, kind }).execute();
  return createCode(db, id, ttlHours);
}

export async function listOrgs(db: Kysely<ServerSchema>): Promise<(OrgRow & { devices: number })[]> {
  const rows = await db
    .selectFrom('organisations as o')
    .leftJoin('devices as d', 'd.org_id', 'o.id')
    .select(['o.id', 'o.name', 'o.kind', (eb) => eb.fn.count<string>('d.id').as('devices')])
    .groupBy(['o.id', 'o.name', 'o.kind'])
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as OrgKind, devices: Number(r.devices) }));
}

// ---- devices and books: what the office's IT person does when a PC is replaced or lost ----

export interface DeviceRow {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  enrolledAt: string;
  renewedAt: string | null;
  lastSeenAt: string | null;
  credentialExpiresAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
  books: string[];
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export async function listDevices(db: Kysely<ServerSchema>, orgId?: string): Promise<DeviceRow[]> {
  let q = db
    .selectFrom('devices as d')
    .innerJoin('organisations as o', 'o.id', 'd.org_id')
    .select(['d.id', 'd.org_id', 'o.name as org_name', 'd.name', 'd.enrolled_at', 'd.renewed_at', 'd.last_seen_at', 'd.credential_expires_at', 'd.revoked_at', 'd.revoke_reason'])
    .orderBy('o.name')
    .orderBy('d.enrolled_at');
  if (orgId) q = q.where('d.org_id', '=', orgId);
  const rows = await q.execute();
  const held = await db.selectFrom('books').select(['holder_device_id', 'kind', 'year']).orderBy('year').orderBy('kind').execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    enrolledAt: iso(r.enrolled_at) as string,
    renewedAt: iso(r.renewed_at),
    lastSeenAt: iso(r.last_seen_at),
    credentialExpiresAt: iso(r.credential_expires_at) as string,
    revokedAt: iso(r.revoked_at),
    revokeReason: r.revoke_reason,
    books: held.filter((b) => b.holder_device_id === r.id).map((b) => `${b.kind}:${b.year}`),
  }));
}

/** Revokes a device: its credential stops working at once. Its books stay until reassigned. */
export async function revokeDevice(db: Kysely<ServerSchema>, deviceId: string, reason: string, actor: string, orgId?: string): Promise<DeviceRow> {
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('devices').select(['id', 'org_id', 'revoked_at']).where('id', '=', deviceId);
    if (orgId) q = q.where('org_id', '=', orgId);
    const dev = await q.forUpdate().executeTakeFirst();
    if (!dev) throw new HttpError(404, 'device_not_found', 'ไม่พบเครื่องนี้');
    if (dev.revoked_at) throw new HttpError(409, 'already_revoked', 'เครื่องนี้ถูกยกเลิกสิทธิ์ไปแล้ว');
    await trx.updateTable('devices').set({ revoked_at: new Date(), revoke_reason: reason }).where('id', '=', deviceId).execute();
    await trx.insertInto('device_events').values({ org_id: dev.org_id, device_id: deviceId, action: 'revoked', detail: '{}', reason, actor }).execute();
    return dev.org_id;
  }).then(async (org) => (await listDevices(db, org)).find((d) => d.id === deviceId) as DeviceRow);
}

export interface BookReassignment {
  orgId: string;
  kind: string;
  year: number;
  toDeviceId: string;
  reason: string;
}

/**
 * Gives a book to another device of the organisation (the holder PC broke or was revoked). The
 * new holder continues from the server's next number, learnt by pull like a hand-over.
 */
export async function reassignBook(db: Kysely<ServerSchema>, r: BookReassignment, actor: string): Promise<{ kind: string; year: number; holderDeviceId: string; nextNo: number }> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT id FROM organisations WHERE id = ${r.orgId} FOR UPDATE`.execute(trx);
    const book = await trx.selectFrom('books').select('holder_device_id').where('org_id', '=', r.orgId).where('kind', '=', r.kind).where('year', '=', r.year).executeTakeFirst();
    if (!book) throw new HttpError(404, 'book_not_found', 'ยังไม่มีเครื่องใดถือทะเบียนเล่มนี้ (ยังไม่มีรายการบนเซิร์ฟเวอร์) จึงไม่ต้องโอน');
    const target = await trx.selectFrom('devices').select('id').where('id', '=', r.toDeviceId).where('org_id', '=', r.orgId).where('revoked_at', 'is', null).executeTakeFirst();
    if (!target) throw new HttpError(404, 'device_not_found', 'ไม่พบเครื่องที่จะรับทะเบียนในหน่วยงานนี้ (หรือถูกยกเลิกสิทธิ์แล้ว)');
    await trx.updateTable('books').set({ holder_device_id: target.id, changed_at: new Date() }).where('org_id', '=', r.orgId).where('kind', '=', r.kind).where('year', '=', r.year).execute();
    const max = await trx.selectFrom('entries').select((eb) => eb.fn.max('register_no').as('m')).where('org_id', '=', r.orgId).where('kind', '=', r.kind).where('year', '=', r.year).executeTakeFirst();
    const holding = { kind: r.kind, year: r.year, holderDeviceId: target.id, nextNo: Number(max?.m ?? 0) + 1 };
    await trx.insertInto('feed').values({ org_id: r.orgId, device_id: null, kind: 'book', body: JSON.stringify(holding) }).execute();
    await trx
      .insertInto('device_events')
      .values({ org_id: r.orgId, device_id: target.id, action: 'book_reassigned', detail: JSON.stringify({ kind: r.kind, year: r.year, from: book.holder_device_id }), reason: r.reason, actor })
      .execute();
    return holding;
  });
}
