// Organisations and one-time enrolment codes: what the office's administrator creates.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
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
