// The server's side of the audit trail's outside witness: the hash of every audit event of
// each desktop, kept append-only (migrations/server/0140_audit_witness.sql). Keyed by the
// desktop's own register id (devices.local_device_id), so a re-enrolled PC keeps its witness.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { AUDIT_WITNESS_LIMITS, auditHashesRequest, type AuditHash, type AuditHashesResponse, type AuditWitnessPage } from '../src-shared/auditWitnessSchemas.js';
import type { ServerSchema } from './db/schema.js';
import { HttpError } from './errors.js';
import type { AuthDevice } from './sync.js';

type Db = Kysely<ServerSchema>;

async function localDeviceOf(db: Db, device: AuthDevice): Promise<string> {
  const row = await db.selectFrom('devices').select('local_device_id').where('id', '=', device.id).executeTakeFirstOrThrow();
  return row.local_device_id;
}

export async function recordAuditHashes(db: Db, device: AuthDevice, items: AuditHash[]): Promise<AuditHashesResponse> {
  const local = await localDeviceOf(db, device);
  return db.transaction().execute(async (trx) => {
    const seqs = [...new Set(items.map((i) => i.seq))];
    const { rows } = await sql<{ seq: string | number; claim: number; hash: string }>`
      SELECT seq, claim, hash FROM audit_witness
       WHERE org_id = ${device.orgId} AND local_device_id = ${local} AND seq = ANY(${seqs})`.execute(trx);
    const held = new Map<number, { hashes: Set<string>; claims: number }>();
    for (const r of rows) {
      const h = held.get(Number(r.seq)) ?? { hashes: new Set<string>(), claims: 0 };
      h.hashes.add(r.hash);
      h.claims = Math.max(h.claims, r.claim);
      held.set(Number(r.seq), h);
    }
    const conflicts: number[] = [];
    const fresh: { seq: number; claim: number; hash: string }[] = [];
    for (const item of items) {
      const h = held.get(item.seq) ?? { hashes: new Set<string>(), claims: 0 };
      if (h.hashes.has(item.hash)) continue;
      if (h.claims > 0) conflicts.push(item.seq);
      h.claims++;
      h.hashes.add(item.hash);
      held.set(item.seq, h);
      fresh.push({ seq: item.seq, claim: h.claims, hash: item.hash });
    }
    // One statement per 500 rows: a first sync of a year's trail is thousands of events.
    for (let i = 0; i < fresh.length; i += 500) {
      const rowsSql = fresh.slice(i, i + 500).map((r) => sql`(${device.orgId}, ${local}, ${r.seq}, ${r.claim}, ${r.hash})`);
      await sql`INSERT INTO audit_witness (org_id, local_device_id, seq, claim, hash) VALUES ${sql.join(rowsSql)}`.execute(trx);
    }
    const stored = fresh.length;
    return { stored, conflicts };
  });
}

export async function listAuditHashes(db: Db, device: AuthDevice, after: number, limit: number): Promise<AuditWitnessPage> {
  const local = await localDeviceOf(db, device);
  const { rows } = await sql<{ seq: string | number; hash: string }>`
    SELECT seq, hash FROM audit_witness
     WHERE org_id = ${device.orgId} AND local_device_id = ${local} AND claim = 1 AND seq > ${after}
     ORDER BY seq LIMIT ${limit + 1}`.execute(db);
  const items = rows.slice(0, limit).map((r) => ({ seq: Number(r.seq), hash: r.hash }));
  return { items, more: rows.length > limit };
}

/** The two routes, inside the authenticated /v1 scope of app.ts. */
export function auditWitnessRoutes(api: FastifyInstance, db: Db, device: (req: FastifyRequest) => AuthDevice): void {
  api.post('/v1/audit/hashes', async (req) => {
    const r = auditHashesRequest.safeParse(req.body);
    if (!r.success) throw new HttpError(400, 'invalid_body', 'ข้อมูลบันทึกการใช้งานที่ส่งมาไม่ถูกต้อง');
    return recordAuditHashes(db, device(req), r.data.items);
  });
  api.get('/v1/audit/hashes', async (req) => {
    const q = z
      .object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(AUDIT_WITNESS_LIMITS.page).default(AUDIT_WITNESS_LIMITS.page) })
      .safeParse(req.query);
    if (!q.success) throw new HttpError(400, 'invalid_query', 'คำขอไม่ถูกต้อง');
    return listAuditHashes(db, device(req), q.data.after, q.data.limit);
  });
}
