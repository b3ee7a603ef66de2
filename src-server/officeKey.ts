// The office key's id, never the key (migrations/server/0200_office_key.sql). The first PC of an
// organisation that makes a key claims its id; later PCs read it and know they must import that
// key from the admin's key file instead of making their own (src-main/sync/officeKey.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { officeKeyClaim, type OfficeKeyView } from '../src-shared/syncSchemas.js';
import type { ServerSchema } from './db/schema.js';
import { HttpError } from './errors.js';
import type { AuthDevice } from './sync.js';

type Db = Kysely<ServerSchema>;

async function current(db: Db, orgId: string): Promise<OfficeKeyView> {
  const row = await db.selectFrom('organisations').select('office_key_id').where('id', '=', orgId).executeTakeFirstOrThrow();
  return { keyId: row.office_key_id };
}

/** Sets the organisation's key id if none is set yet; answers the one that holds either way. */
export async function claimOfficeKey(db: Db, device: AuthDevice, keyId: string): Promise<OfficeKeyView> {
  // One statement: two PCs claiming at once cannot both win.
  await sql`UPDATE organisations SET office_key_id = ${keyId} WHERE id = ${device.orgId} AND office_key_id IS NULL`.execute(db);
  return current(db, device.orgId);
}

export function officeKeyRoutes(api: FastifyInstance, db: Db, device: (req: FastifyRequest) => AuthDevice): void {
  api.get('/v1/office-key', async (req) => current(db, device(req).orgId));
  api.post('/v1/office-key', async (req) => {
    const r = officeKeyClaim.safeParse(req.body);
    if (!r.success) throw new HttpError(400, 'invalid_body', 'รหัสกุญแจของสำนักงานไม่ถูกต้อง');
    return claimOfficeKey(db, device(req), r.data.keyId);
  });
}
