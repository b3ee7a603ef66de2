// The directory of who can send to whom: an office, its schools (school code, name, group,
// รัฐบาล/เอกชน) and the outside agencies it registered. Managed by the server's administrator
// (npm run server -- school …) and by the office's own admin from the desktop; every desktop of
// the office and of its schools pulls it (compose works offline from the local copy).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  type DirectoryImportRow,
  type DirectoryOrg,
  type DirectoryResponse,
  type SchoolType,
} from '../src-shared/distributionSchemas.js';
import type { OrgKind } from '../src-shared/syncSchemas.js';
import type { ServerSchema } from './db/schema.js';
import type { ImportResult } from '../src-shared/directoryImport.js';
export { checkImportRows } from '../src-shared/directoryImport.js';
import { HttpError } from './errors.js';

type Db = Kysely<ServerSchema> | Transaction<ServerSchema>;

interface OrgRow {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  school_code: string | null;
  network: string;
  school_type: string | null;
  active: boolean;
  directory_seq: string | number | bigint;
}

const COLUMNS = ['id', 'name', 'kind', 'parent_id', 'school_code', 'network', 'school_type', 'active', 'directory_seq'] as const;

export const toDirectoryOrg = (r: OrgRow): DirectoryOrg => ({
  id: r.id,
  name: r.name,
  kind: r.kind as OrgKind,
  parentId: r.parent_id,
  schoolCode: r.school_code,
  network: r.network,
  schoolType: (r.school_type as SchoolType | null) ?? null,
  active: r.active,
});

const nextSeq = sql<string>`nextval('server_seq')`;

/** The office whose directory an organisation belongs to (itself for an office without parent). */
export async function officeOf(db: Db, orgId: string): Promise<string> {
  const org = await db.selectFrom('organisations').select(['id', 'kind', 'parent_id']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new HttpError(404, 'org_not_found', 'ไม่พบหน่วยงานนี้');
  return org.parent_id ?? org.id;
}

/** What a desktop of `orgId` keeps: its office and everything under that office. */
export async function directoryFor(db: Db, orgId: string, since = 0): Promise<DirectoryResponse> {
  const office = await officeOf(db, orgId);
  const top = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.max('directory_seq').as('m'))
    .where((eb) => eb.or([eb('id', '=', office), eb('parent_id', '=', office)]))
    .executeTakeFirst();
  const version = Number(top?.m ?? 0);
  if (since > 0 && version <= since) return { version, unchanged: true, orgs: [] };
  const rows = await db
    .selectFrom('organisations')
    .select(COLUMNS)
    .where((eb) => eb.or([eb('id', '=', office), eb('parent_id', '=', office)]))
    .orderBy('kind')
    .orderBy('school_code')
    .orderBy('name')
    .execute();
  return { version, unchanged: false, orgs: rows.map(toDirectoryOrg) };
}

export interface NewOrg {
  name: string;
  kind: OrgKind;
  parentId?: string | null;
  schoolCode?: string | null;
  network?: string;
  schoolType?: SchoolType | null;
}

export async function insertOrg(db: Db, o: NewOrg): Promise<DirectoryOrg> {
  if (o.parentId) {
    const parent = await db.selectFrom('organisations').select(['kind', 'parent_id']).where('id', '=', o.parentId).executeTakeFirst();
    if (!parent || parent.kind !== 'office') throw new HttpError(404, 'office_not_found', 'ไม่พบสำนักงานเขตพื้นที่ที่ระบุ');
  }
  if (o.kind === 'office' && o.parentId) throw new HttpError(400, 'invalid_parent', 'สำนักงานเขตพื้นที่ไม่มีหน่วยงานแม่');
  if (o.kind !== 'office' && !o.parentId) throw new HttpError(400, 'parent_required', 'โรงเรียนและหน่วยงานอื่นต้องระบุสำนักงานเขตพื้นที่ (--office)');
  if (o.schoolCode && o.parentId) {
    const clash = await db.selectFrom('organisations').select('name').where('parent_id', '=', o.parentId).where('school_code', '=', o.schoolCode).executeTakeFirst();
    if (clash) throw new HttpError(409, 'code_taken', `รหัสสถานศึกษา ${o.schoolCode} มีอยู่แล้ว (${clash.name})`);
  }
  const row = await db
    .insertInto('organisations')
    .values({
      id: randomUUID(),
      name: o.name,
      kind: o.kind,
      parent_id: o.parentId ?? null,
      school_code: o.schoolCode ?? null,
      network: o.network ?? '',
      school_type: o.kind === 'school' ? (o.schoolType ?? 'government') : null,
      directory_seq: nextSeq as never,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toDirectoryOrg(row);
}

/** Adds new schools and updates known ones (matched by school code) under one office, in one transaction. */
export async function importSchools(db: Kysely<ServerSchema>, officeId: string, rows: DirectoryImportRow[]): Promise<ImportResult> {
  return db.transaction().execute(async (trx) => {
    const office = await trx.selectFrom('organisations').select(['kind']).where('id', '=', officeId).forUpdate().executeTakeFirst();
    if (!office || office.kind !== 'office') throw new HttpError(404, 'office_not_found', 'ไม่พบสำนักงานเขตพื้นที่ที่ระบุ');
    const existing = new Map(
      (await trx.selectFrom('organisations').select(['id', 'name', 'network', 'school_type', 'school_code', 'active']).where('parent_id', '=', officeId).where('school_code', 'is not', null).execute()).map(
        (r) => [r.school_code as string, r],
      ),
    );
    const result: ImportResult = { added: 0, updated: 0, unchanged: 0 };
    for (const r of rows) {
      const had = existing.get(r.schoolCode);
      if (!had) {
        await insertOrg(trx, { name: r.name, kind: 'school', parentId: officeId, schoolCode: r.schoolCode, network: r.network, schoolType: r.schoolType });
        result.added++;
      } else if (had.name !== r.name || had.network !== r.network || had.school_type !== r.schoolType || !had.active) {
        await trx
          .updateTable('organisations')
          .set({ name: r.name, network: r.network, school_type: r.schoolType, active: true, directory_seq: nextSeq as never })
          .where('id', '=', had.id)
          .execute();
        result.updated++;
      } else result.unchanged++;
    }
    return result;
  });
}

/** A school or agency leaves the directory (kept for the documents it received, never deleted). */
export async function setOrgActive(db: Kysely<ServerSchema>, officeId: string, orgId: string, active: boolean): Promise<DirectoryOrg> {
  const row = await db
    .updateTable('organisations')
    .set({ active, directory_seq: nextSeq as never })
    .where('id', '=', orgId)
    .where('parent_id', '=', officeId)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw new HttpError(404, 'org_not_found', 'ไม่พบหน่วยงานนี้ในทำเนียบของสำนักงาน');
  return toDirectoryOrg(row);
}

/** Finds an organisation by id, or by school code under an office (the CLI accepts either). */
export async function findOrg(db: Db, ref: string, officeId?: string): Promise<DirectoryOrg | undefined> {
  let q = db.selectFrom('organisations').select(COLUMNS);
  q = officeId ? q.where((eb) => eb.or([eb('id', '=', ref), eb.and([eb('parent_id', '=', officeId), eb('school_code', '=', ref)])])) : q.where('id', '=', ref);
  const row = await q.executeTakeFirst();
  return row ? toDirectoryOrg(row) : undefined;
}

/**
 * Whom `sender` may address: an office its own schools and agencies; a school its office and
 * the other schools of that office. Answers the ids among `ids` that are not allowed.
 */
export async function outsideReach(db: Db, senderOrgId: string, ids: string[], channel: 'school' | 'agency'): Promise<string[]> {
  const sender = await db.selectFrom('organisations').select(['id', 'kind', 'parent_id']).where('id', '=', senderOrgId).executeTakeFirstOrThrow();
  const office = sender.parent_id ?? sender.id;
  const ok = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    const rows = await db
      .selectFrom('organisations')
      .select(['id', 'kind', 'parent_id', 'active'])
      .where('id', 'in', part)
      .execute();
    for (const r of rows) {
      if (!r.active || r.id === sender.id) continue;
      const inOffice = r.parent_id === office || r.id === office;
      const kindOk = channel === 'agency' ? r.kind === 'agency' : r.kind !== 'agency';
      if (inOffice && kindOk) ok.add(r.id);
    }
  }
  return ids.filter((id) => !ok.has(id));
}
