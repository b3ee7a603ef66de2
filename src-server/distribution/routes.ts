// HTTP routes of the directory and the distribution: what a desktop reads (its directory, one
// document it may see), what the office's admin changes from its desktop (its schools), and
// the server administrator's loopback routes (the CLI uses them while the server runs).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ORG_KINDS } from '../../src-shared/syncSchemas.js';
import { SCHOOL_TYPES, directoryImportRow } from '../../src-shared/distributionSchemas.js';
import type { Kysely } from 'kysely';
import type { ServerSchema } from '../db/schema.js';
import { createCode } from '../admin.js';
import { directoryFor, findOrg, importSchools, insertOrg, setOrgActive } from '../directory.js';
import { HttpError } from '../errors.js';
import { documentView } from './read.js';

type Parse = <T>(schema: z.ZodType<T>, body: unknown) => T;
interface Device {
  id: string;
  orgId: string;
}

const importBody = z.object({ rows: z.array(directoryImportRow).min(1, 'ไม่มีรายชื่อสถานศึกษาในไฟล์').max(20_000) });

async function requireOffice(db: Kysely<ServerSchema>, orgId: string): Promise<void> {
  const org = await db.selectFrom('organisations').select('kind').where('id', '=', orgId).executeTakeFirst();
  if (org?.kind !== 'office') throw new HttpError(403, 'forbidden', 'เฉพาะสำนักงานเขตพื้นที่เท่านั้นที่แก้ไขทำเนียบสถานศึกษาได้');
}

export function deviceRoutes(api: FastifyInstance, db: Kysely<ServerSchema>, parse: Parse, device: (req: FastifyRequest) => Device): void {
  api.get('/v1/directory', async (req) => {
    const q = parse(z.object({ since: z.coerce.number().int().min(0).default(0) }), req.query);
    return directoryFor(db, device(req).orgId, q.since);
  });
  api.post('/v1/directory/import', async (req) => {
    const d = device(req);
    await requireOffice(db, d.orgId);
    return importSchools(db, d.orgId, parse(importBody, req.body).rows);
  });
  api.post('/v1/directory/active', async (req) => {
    const d = device(req);
    await requireOffice(db, d.orgId);
    const b = parse(z.object({ orgId: z.string().min(1).max(100), active: z.boolean() }), req.body);
    return setOrgActive(db, d.orgId, b.orgId, b.active);
  });
  api.post('/v1/directory/agency', async (req) => {
    const d = device(req);
    await requireOffice(db, d.orgId);
    const b = parse(z.object({ name: z.string().trim().min(1, 'กรุณาระบุชื่อหน่วยงาน').max(300) }), req.body);
    return insertOrg(db, { name: b.name, kind: 'agency', parentId: d.orgId });
  });
  api.get('/v1/distribution/documents/:id', async (req) => {
    const id = String((req.params as { id: string }).id);
    const q = parse(z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(5000).default(1000) }), req.query);
    if (id.length > 100) throw new HttpError(404, 'not_found', 'ไม่พบหนังสือนี้');
    return documentView(db, device(req).orgId, id, q);
  });
}

export function adminRoutes(admin: FastifyInstance, db: Kysely<ServerSchema>, parse: Parse): void {
  admin.post('/admin/directory/orgs', async (req) => {
    const b = parse(
      z.object({
        name: z.string().trim().min(1).max(300),
        kind: z.enum(ORG_KINDS),
        office: z.string().max(100).optional(),
        schoolCode: z.string().trim().max(20).optional(),
        network: z.string().trim().max(200).optional(),
        schoolType: z.enum(SCHOOL_TYPES).optional(),
        ttlHours: z.number().positive().max(24 * 90).optional(),
      }),
      req.body,
    );
    const org = await insertOrg(db, { name: b.name, kind: b.kind, parentId: b.office ?? null, schoolCode: b.schoolCode ?? null, network: b.network ?? '', schoolType: b.schoolType ?? null });
    return createCode(db, org.id, b.ttlHours);
  });
  admin.post('/admin/directory/import', async (req) => {
    const b = parse(importBody.extend({ office: z.string().min(1).max(100) }), req.body);
    return importSchools(db, b.office, b.rows);
  });
  admin.get('/admin/directory', async (req) => {
    const q = parse(z.object({ office: z.string().min(1).max(100) }), req.query);
    return directoryFor(db, q.office);
  });
  admin.post('/admin/directory/code', async (req) => {
    const b = parse(z.object({ office: z.string().min(1).max(100), ref: z.string().min(1).max(100), ttlHours: z.number().positive().max(24 * 90).optional() }), req.body);
    const org = await findOrg(db, b.ref, b.office);
    if (!org) throw new HttpError(404, 'org_not_found', `ไม่พบสถานศึกษา ${b.ref} ในทำเนียบของสำนักงานนี้`);
    return createCode(db, org.id, b.ttlHours);
  });
}
