// The sync service: device enrolment and authentication, push (one transaction per batch,
// per-item answers, stop at a gap), pull (the server's own sequence as cursor), book hand-over.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { REGISTER_LABELS, type RegisterKind } from '../src-shared/domain.js';
import {
  entryPayload,
  pushItem,
  type BookHolding,
  type EntryPayload,
  type EnrolRequest,
  type EnrolResponse,
  type HandoverRequest,
  type OrgKind,
  type OrgView,
  type PullItem,
  type PullResponse,
  type PushEnvelopeItem,
  type PushItem,
  type PushResponse,
  type PushResult,
  type RejectCode,
} from '../src-shared/syncSchemas.js';
import { printable, unstorableJsonPath } from '../src-shared/text.js';
import { hashSecret } from './admin.js';
import { applyDistributionItem, distributionLockSet, isDistributionItem, lockOrgs } from './distribution/apply.js';
import { distributionItems } from './distribution/pull.js';
import type { ServerSchema } from './db/schema.js';
import { HttpError, tooManyAttempts } from './errors.js';
import { countAttempt } from './rateLimits.js';

type Db = Kysely<ServerSchema>;
type Tx = Transaction<ServerSchema>;

export interface AuthDevice {
  id: string;
  orgId: string;
}

const CHUNK = 500;
function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The one answer for every code that does not enrol: a guesser learns nothing about which codes exist. */
const CODE_REFUSED = () =>
  new HttpError(401, 'code_invalid', 'รหัสลงทะเบียนเครื่องไม่ถูกต้อง หมดอายุ หรือถูกใช้ไปแล้ว กรุณาขอรหัสใหม่จากผู้ดูแลเซิร์ฟเวอร์');

export async function enrol(db: Db, req: EnrolRequest, credentialTtlMs: number): Promise<EnrolResponse> {
  const codeHash = hashSecret(req.code);
  return db.transaction().execute(async (trx) => {
    const code = await trx.selectFrom('enrolment_codes').selectAll().where('code_hash', '=', codeHash).forUpdate().executeTakeFirst();
    if (!code || code.used_at || new Date(code.expires_at).getTime() <= Date.now()) throw CODE_REFUSED();
    const org = await trx.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', '=', code.org_id).executeTakeFirstOrThrow();
    const credential = `sdc_${randomBytes(32).toString('base64url')}`;
    const expires = new Date(Date.now() + credentialTtlMs);
    // The same PC enrolled again (its yearly renewal, or after losing its credential): the same
    // device, a new credential. The old credential stops working; the books stay with the device.
    const same = await trx
      .selectFrom('devices')
      .select('id')
      .where('org_id', '=', org.id)
      .where('local_device_id', '=', req.localDeviceId)
      .where('revoked_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    let deviceId: string;
    if (same) {
      deviceId = same.id;
      await trx
        .updateTable('devices')
        .set({ name: req.deviceName, credential_hash: hashSecret(credential), credential_expires_at: expires, renewed_at: new Date() })
        .where('id', '=', deviceId)
        .execute();
    } else {
      deviceId = randomUUID();
      await trx
        .insertInto('devices')
        .values({
          id: deviceId,
          org_id: org.id,
          name: req.deviceName,
          local_device_id: req.localDeviceId,
          credential_hash: hashSecret(credential),
          credential_expires_at: expires,
          last_seq: req.afterSeq,
        })
        .execute();
    }
    await trx
      .insertInto('device_events')
      .values({ org_id: org.id, device_id: deviceId, action: same ? 'renewed' : 'enrolled', detail: JSON.stringify({ name: req.deviceName }), actor: 'enrolment code' })
      .execute();
    await trx.updateTable('enrolment_codes').set({ used_at: new Date(), used_by: deviceId }).where('code_hash', '=', codeHash).execute();
    return {
      deviceId,
      orgId: org.id,
      orgName: org.name,
      orgKind: org.kind as OrgKind,
      credential,
      credentialExpiresAt: expires.toISOString(),
    };
  });
}

/** Counting refused credentials per address: `max` refusals in `windowMs`, then 429 until the window ends. */
export interface AuthGuard {
  address: string;
  max: number;
  windowMs: number;
}

const AUTH_FAILURES = 'auth_failures';

/**
 * The device behind a bearer credential, or a 401 that says why. With a guard, an address that
 * has had `max` refusals in the window is answered 429 before its credential is even looked at
 * (a guesser learns nothing more), and every refusal is counted in the database, shared by all
 * server processes. The count comes with the credential's lookup: one statement, so a correct
 * credential costs no extra round trip.
 */
export async function authenticate(db: Db, header: string | undefined, guard?: AuthGuard): Promise<AuthDevice> {
  const m = /^Bearer (sdc_[A-Za-z0-9_-]{20,100})$/.exec(header ?? '');
  if (!m && !guard) throw new HttpError(401, 'unauthenticated', 'ไม่ได้รับอนุญาต: เครื่องนี้ยังไม่ได้ลงทะเบียนกับเซิร์ฟเวอร์');
  const hash = m ? hashSecret(m[1] as string) : null;
  const { rows } = await sql<{ id: string | null; org_id: string; credential_expires_at: Date; revoked_at: Date | null; failures: number | null; ttl_ms: string | null }>`
    SELECT d.id, d.org_id, d.credential_expires_at, d.revoked_at, f.count AS failures,
           ceil(extract(epoch FROM (f.window_end - now())) * 1000) AS ttl_ms
      FROM (SELECT 1) AS one
      LEFT JOIN devices d ON d.credential_hash = ${hash}
      LEFT JOIN rate_limits f ON f.bucket = ${AUTH_FAILURES} AND f.key = ${guard?.address ?? ''} AND f.window_end > now()`.execute(db);
  const row = rows[0];
  if (guard && row && Number(row.failures ?? 0) >= guard.max) throw tooManyAttempts(Math.max(1, Math.ceil(Number(row.ttl_ms) / 1000)));
  let refusal: HttpError | null = null;
  if (!m) refusal = new HttpError(401, 'unauthenticated', 'ไม่ได้รับอนุญาต: เครื่องนี้ยังไม่ได้ลงทะเบียนกับเซิร์ฟเวอร์');
  else if (!row?.id) refusal = new HttpError(401, 'unauthenticated', 'ไม่ได้รับอนุญาต: รหัสประจำเครื่องไม่ถูกต้อง');
  else if (row.revoked_at) refusal = new HttpError(401, 'credential_revoked', 'เครื่องนี้ถูกยกเลิกสิทธิ์แล้ว กรุณาลงทะเบียนเครื่องใหม่');
  else if (new Date(row.credential_expires_at).getTime() <= Date.now()) {
    refusal = new HttpError(401, 'credential_expired', 'รหัสประจำเครื่องหมดอายุแล้ว กรุณาลงทะเบียนเครื่องใหม่ด้วยรหัสจากผู้ดูแลเซิร์ฟเวอร์');
  }
  if (refusal) {
    if (guard) await countAttempt(db, AUTH_FAILURES, guard.address, guard.windowMs);
    throw refusal;
  }
  return { id: row?.id as string, orgId: (row as { org_id: string }).org_id };
}

/** Serialises writers (and pull) of one organisation, so its server_seq order is commit order. */
async function lockOrg(trx: Tx, orgId: string, mode: 'update' | 'share'): Promise<void> {
  if (mode === 'update') await sql`SELECT id FROM organisations WHERE id = ${orgId} FOR UPDATE`.execute(trx);
  else await sql`SELECT id FROM organisations WHERE id = ${orgId} FOR SHARE`.execute(trx);
}

const bookKey = (kind: string, year: number): string => `${kind}:${year}`;

function notHeldReason(kind: string, year: number): string {
  const label = REGISTER_LABELS[kind as RegisterKind]?.book ?? kind;
  return `${label} ปี ${year} อยู่ที่เครื่องอื่นของหน่วยงาน เครื่องนี้จึงลงรายการในเล่มนี้ไม่ได้ (ต้องส่งมอบทะเบียนให้เครื่องนี้ก่อน)`;
}

interface ReceivedRow {
  device_id: string;
  seq: number;
  org_id: string;
  idempotency_key: string;
  entity: string;
  entity_id: string;
  op: string;
  payload: string;
  status: 'accepted' | 'rejected';
  reject_code: RejectCode | null;
  reason: string | null;
}

/** The BE year on the server's clock in Thailand (UTC+7, no daylight saving): never a PC's clock. */
export function serverBeYear(now: Date = new Date()): number {
  return new Date(now.getTime() + 7 * 3600_000).getUTCFullYear() + 543;
}

interface PushHooks {
  /** An unexpected database error on one item (it is rejected; the server's log gets the cause). */
  onItemError?: (seq: number, error: unknown) => void;
  now?: Date;
}

type Parsed = { ok: true; item: PushItem; payload: EntryPayload } | { ok: false; code: RejectCode; reason: string; item: PushItem | null };

/** Everything about one item that can be checked without the database, item by item. */
function checkItem(raw: PushEnvelopeItem, beYear: number): Parsed {
  const shape = pushItem.safeParse(raw);
  if (!shape.success) {
    const where = printable(shape.error.issues[0]?.path.join('.') ?? '');
    return { ok: false, item: null, code: 'invalid_payload', reason: `ข้อมูลรายการไม่ถูกต้อง (${where})` };
  }
  const item = shape.data;
  if (item.entity !== 'entry') return { ok: false, item, code: 'unknown_entity', reason: `เซิร์ฟเวอร์ไม่รู้จักข้อมูลชนิด "${printable(item.entity, 50)}"` };
  const bad = unstorableJsonPath(item.payload);
  if (bad !== null) return { ok: false, item, code: 'invalid_payload', reason: `ข้อมูลรายการมีอักขระที่เก็บไม่ได้ (${bad})` };
  const p = entryPayload.safeParse(item.payload);
  if (!p.success || p.data.entry.id !== item.entityId) {
    const where = p.success ? 'entityId' : printable(p.error.issues[0]?.path.join('.') ?? '');
    return { ok: false, item, code: 'invalid_payload', reason: `ข้อมูลรายการไม่ถูกต้อง (${where})` };
  }
  const e = p.data.entry;
  if (e.year > beYear) {
    const label = REGISTER_LABELS[e.kind]?.book ?? e.kind;
    return {
      ok: false,
      item,
      code: 'future_year',
      reason: `${label} ปี ${e.year} ยังไม่ถึงตามนาฬิกาของเซิร์ฟเวอร์ (ปัจจุบันคือ พ.ศ. ${beYear}) นาฬิกาเครื่องนี้อาจคลาดเคลื่อน ตั้งวันที่และเวลาให้ถูกต้องแล้วแก้ไขรายการ`,
    };
  }
  return { ok: true, item, payload: p.data };
}

export async function push(db: Db, device: AuthDevice, items: PushEnvelopeItem[], hooks: PushHooks = {}): Promise<PushResponse> {
  const sorted = [...items].sort((a, b) => a.seq - b.seq);
  const beYear = serverBeYear(hooks.now);
  return db.transaction().execute(async (trx) => {
    // Every organisation this batch writes under (its own; a send's recipients), in id order.
    await lockOrgs(trx, [device.orgId, ...(await distributionLockSet(trx, sorted))]);
    const dev = await trx.selectFrom('devices').select('last_seq').where('id', '=', device.id).executeTakeFirstOrThrow();
    const startSeq = Number(dev.last_seq);
    let last = startSeq;

    // What the server answered before, for seqs it already has.
    const prior = new Map<number, PushResult>();
    const oldSeqs = sorted.filter((i) => i.seq <= last).map((i) => i.seq);
    for (const part of chunks(oldSeqs)) {
      const rows = await trx
        .selectFrom('received')
        .select(['seq', 'status', 'reject_code', 'reason'])
        .where('device_id', '=', device.id)
        .where('seq', 'in', part)
        .execute();
      for (const r of rows) {
        const seq = Number(r.seq);
        prior.set(
          seq,
          r.status === 'accepted'
            ? { seq, status: 'accepted' }
            : { seq, status: 'rejected', code: r.reject_code as RejectCode, reason: r.reason ?? '' },
        );
      }
    }

    const fresh = sorted.filter((i) => i.seq > last);
    const parsed = new Map(fresh.map((i) => [i.seq, checkItem(i, beYear)]));
    const good = [...parsed.values()].flatMap((p) => (p.ok ? [p] : []));
    const entryIds = [...new Set(good.map((p) => p.payload.entry.id))];
    const existing = new Map<string, { org_id: string; kind: string; year: number; register_no: number; origin: string | null }>();
    for (const part of chunks(entryIds)) {
      const rows = await trx.selectFrom('entries').select(['id', 'org_id', 'kind', 'year', 'register_no', 'origin']).where('id', 'in', part).execute();
      for (const r of rows) existing.set(r.id, r);
    }
    const seenKeys = new Set<string>();
    for (const part of chunks(good.map((p) => p.item.key))) {
      const rows = await trx
        .selectFrom('received')
        .select('idempotency_key')
        .where('org_id', '=', device.orgId)
        .where('idempotency_key', 'in', part)
        .execute();
      for (const r of rows) seenKeys.add(r.idempotency_key);
    }
    // Register numbers already used in the books this batch writes to, by another entry.
    const numberOwner = new Map<string, string>();
    const wanted = new Map<string, number[]>();
    for (const p of good) {
      const e = p.payload.entry;
      const k = bookKey(e.kind, e.year);
      wanted.set(k, [...(wanted.get(k) ?? []), e.registerNo]);
    }
    for (const [k, nos] of wanted) {
      const [kind, year] = k.split(':') as [string, string];
      for (const part of chunks([...new Set(nos)])) {
        const rows = await trx
          .selectFrom('entries')
          .select(['id', 'register_no'])
          .where('org_id', '=', device.orgId)
          .where('kind', '=', kind)
          .where('year', '=', Number(year))
          .where('register_no', 'in', part)
          .execute();
        for (const r of rows) numberOwner.set(`${k}:${r.register_no}`, r.id);
      }
    }
    const books = new Map<string, string>();
    for (const b of await trx.selectFrom('books').select(['kind', 'year', 'holder_device_id']).where('org_id', '=', device.orgId).execute()) {
      books.set(bookKey(b.kind, b.year), b.holder_device_id);
    }
    const shas = [...new Set(good.flatMap((p) => (p.payload.entry.attachments ?? []).map((a) => a.sha256)))];
    const owned = new Set<string>();
    for (const part of chunks(shas)) {
      const rows = await trx.selectFrom('blob_owners').select('sha256').where('org_id', '=', device.orgId).where('sha256', 'in', part).execute();
      for (const r of rows) owned.add(r.sha256);
    }

    const results: PushResult[] = [];
    const rows: ReceivedRow[] = [];
    const upserts = new Map<string, EntryUpsert>();
    const newBooks: { seq: number; kind: string; year: number }[] = [];
    let gap: PushResponse['gap'];
    let missingBlob: PushResponse['missingBlob'];

    for (const raw of sorted) {
      if (raw.seq <= last) {
        const before = prior.get(raw.seq);
        if (before?.status === 'rejected') {
          results.push({ seq: raw.seq, status: 'duplicate', original: 'rejected', code: before.code, reason: before.reason });
        } else results.push({ seq: raw.seq, status: 'duplicate', original: 'accepted' });
        continue;
      }
      if (raw.seq !== last + 1) {
        gap = { expected: last + 1 };
        break;
      }
      const p = parsed.get(raw.seq) as Parsed;
      const reject = (code: RejectCode, reason: string): void => {
        const r: PushResult = { seq: raw.seq, status: 'rejected', code, reason };
        results.push(r);
        prior.set(raw.seq, r);
        rows.push(rejectedRow(device, raw.seq, p.item, code, reason));
        last = raw.seq;
      };
      if (!p.ok && p.item !== null && isDistributionItem(p.item)) {
        // รับส่งหนังสือราชการ (src-server/distribution/apply.ts): checked and applied here, in order.
        const d = p.item;
        const again = await trx.selectFrom('received').select('seq').where('org_id', '=', device.orgId).where('idempotency_key', '=', d.key).executeTakeFirst();
        if (again || seenKeys.has(d.key)) {
          results.push({ seq: d.seq, status: 'duplicate', original: 'accepted' });
          prior.set(d.seq, { seq: d.seq, status: 'accepted' });
          last = d.seq;
          continue;
        }
        const bad = unstorableJsonPath(d.payload);
        if (bad !== null) {
          reject('invalid_payload', `ข้อมูลรายการมีอักขระที่เก็บไม่ได้ (${bad})`);
          continue;
        }
        const pendingEntry = (id: string) => {
          const u = upserts.get(id);
          return u ? { kind: u.kind, registerNo: u.registerNo, year: u.year } : undefined;
        };
        const out = await applyDistributionItem(trx, device, d, pendingEntry);
        if (out.status === 'missing_blob') {
          missingBlob = { seq: d.seq, sha256: out.sha256 };
          break;
        }
        if (out.status === 'rejected') {
          reject(out.code, out.reason);
          continue;
        }
        results.push({ seq: d.seq, status: 'accepted' });
        prior.set(d.seq, { seq: d.seq, status: 'accepted' });
        seenKeys.add(d.key);
        rows.push({ device_id: device.id, seq: d.seq, org_id: device.orgId, idempotency_key: d.key, entity: d.entity, entity_id: d.entityId, op: d.op, payload: JSON.stringify(d.payload ?? null), status: 'accepted', reject_code: null, reason: null });
        last = d.seq;
        continue;
      }
      if (!p.ok) {
        reject(p.code, p.reason);
        continue;
      }
      const item = p.item;
      if (seenKeys.has(item.key)) {
        // The same change under another seq (a re-enrolled device re-sending): already applied.
        results.push({ seq: item.seq, status: 'duplicate', original: 'accepted' });
        prior.set(item.seq, { seq: item.seq, status: 'accepted' });
        last = item.seq;
        continue;
      }
      const entry = p.payload.entry;
      const had = existing.get(entry.id);
      if (had && had.org_id !== device.orgId) {
        reject('entry_conflict', 'รหัสรายการนี้มีอยู่แล้วในข้อมูลของหน่วยงานอื่น');
        continue;
      }
      const pending = upserts.get(entry.id);
      const ref = pending ? { kind: pending.kind, year: pending.year, register_no: pending.registerNo } : had;
      if (ref && (ref.kind !== entry.kind || ref.year !== entry.year || ref.register_no !== entry.registerNo)) {
        reject('entry_conflict', 'เลขทะเบียนหรือเล่มทะเบียนของรายการนี้ไม่ตรงกับที่เซิร์ฟเวอร์มีอยู่');
        continue;
      }
      // Imported history (origin 'import', and later edits of it) neither claims a book nor needs to hold it.
      const history = p.payload.origin === 'import' || had?.origin === 'import' || pending?.origin === 'import';
      const bk = bookKey(entry.kind, entry.year);
      const holder = books.get(bk);
      if (!history && holder !== undefined && holder !== device.id) {
        reject('book_not_held', notHeldReason(entry.kind, entry.year));
        continue;
      }
      const numberKey = `${bk}:${entry.registerNo}`;
      const owner = numberOwner.get(numberKey);
      if (!history && owner !== undefined && owner !== entry.id) {
        reject('number_taken', `เลขทะเบียน ${entry.registerNo} ของเล่มนี้มีรายการอื่นใช้แล้วบนเซิร์ฟเวอร์`);
        continue;
      }
      const missing = (entry.attachments ?? []).find((a) => !owned.has(a.sha256));
      if (missing) {
        missingBlob = { seq: item.seq, sha256: missing.sha256 };
        break;
      }
      if (!history && holder === undefined) {
        books.set(bk, device.id);
        newBooks.push({ seq: item.seq, kind: entry.kind, year: entry.year });
      }
      numberOwner.set(numberKey, entry.id);
      const r: PushResult = { seq: item.seq, status: 'accepted' };
      results.push(r);
      prior.set(item.seq, r);
      seenKeys.add(item.key);
      rows.push({
        device_id: device.id,
        seq: item.seq,
        org_id: device.orgId,
        idempotency_key: item.key,
        entity: item.entity,
        entity_id: item.entityId,
        op: item.op,
        payload: JSON.stringify(item.payload ?? null),
        status: 'accepted',
        reject_code: null,
        reason: null,
      });
      if (!pending || pending.version < entry.version) {
        upserts.set(entry.id, {
          seq: item.seq,
          kind: entry.kind,
          year: entry.year,
          registerNo: entry.registerNo,
          version: entry.version,
          data: JSON.stringify(entry),
          origin: history ? 'import' : (pending?.origin ?? null),
        });
      }
      last = item.seq;
    }

    // Everything was checked above; the write is one bulk statement per table. Should the
    // database still refuse something, the batch is written again item by item, each under its
    // own savepoint, and only the item the database refuses is rejected.
    await sql`SAVEPOINT push_bulk`.execute(trx);
    try {
      await writeBulk(trx, device, rows, upserts, newBooks);
      await sql`RELEASE SAVEPOINT push_bulk`.execute(trx);
    } catch (bulkError) {
      await sql`ROLLBACK TO SAVEPOINT push_bulk`.execute(trx);
      const failed = await writeItemByItem(trx, device, rows, upserts, newBooks, (seq, e) => hooks.onItemError?.(seq, e ?? bulkError));
      for (let i = 0; i < results.length; i++) {
        const f = failed.get((results[i] as PushResult).seq);
        if (f) results[i] = f;
      }
    }
    await trx.updateTable('devices').set({ last_seq: last, last_seen_at: new Date() }).where('id', '=', device.id).execute();
    return { results, lastSeq: last, ...(gap ? { gap } : {}), ...(missingBlob ? { missingBlob } : {}) };
  });
}

interface EntryUpsert {
  seq: number;
  kind: string;
  year: number;
  registerNo: number;
  version: number;
  data: string;
  /** 'import' for imported history (it neither claims a book nor is checked against one). */
  origin: string | null;
}

/** A rejected item's log row: only values that are known to be storable (the item may not be). */
function rejectedRow(device: AuthDevice, seq: number, item: PushItem | null, code: RejectCode, reason: string): ReceivedRow {
  const storable = item !== null && code !== 'invalid_payload' && code !== 'storage_failed';
  return {
    device_id: device.id,
    seq,
    org_id: device.orgId,
    // A rejected item's key is never looked up as "already applied"; a unique stand-in keeps a
    // malformed key out of the idempotency index.
    idempotency_key: `rejected:${device.id}:${seq}`,
    entity: item ? item.entity : 'invalid',
    entity_id: item ? item.entityId : '',
    op: item ? item.op : '',
    payload: storable ? JSON.stringify(item.payload ?? null) : 'null',
    status: 'rejected',
    reject_code: code,
    reason,
  };
}

function entryValues(device: AuthDevice, rows: [string, EntryUpsert][], serverSeqOf: Map<number, number>) {
  return rows.map(([id, u]) => ({
    id,
    org_id: device.orgId,
    kind: u.kind,
    year: u.year,
    register_no: u.registerNo,
    version: u.version,
    device_id: device.id,
    data: u.data,
    server_seq: serverSeqOf.get(u.seq) ?? 0,
    origin: u.origin,
  }));
}

async function upsertEntries(trx: Tx, values: ReturnType<typeof entryValues>): Promise<void> {
  if (values.length === 0) return;
  await trx
    .insertInto('entries')
    .values(values)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          data: eb.ref('excluded.data'),
          device_id: eb.ref('excluded.device_id'),
          server_seq: eb.ref('excluded.server_seq'),
          updated_at: sql<Date>`now()`,
        }))
        .where('entries.version', '<', (eb) => eb.ref('excluded.version'))
        .where('entries.org_id', '=', (eb) => eb.ref('excluded.org_id')),
    )
    .execute();
}

async function writeBulk(
  trx: Tx,
  device: AuthDevice,
  rows: ReceivedRow[],
  upserts: Map<string, EntryUpsert>,
  newBooks: { kind: string; year: number }[],
): Promise<void> {
  const serverSeqOf = new Map<number, number>();
  for (const part of chunks(rows, 400)) {
    const inserted = await trx.insertInto('received').values(part).returning(['seq', 'server_seq']).execute();
    for (const r of inserted) serverSeqOf.set(Number(r.seq), Number(r.server_seq));
  }
  for (const part of chunks([...upserts.entries()], 400)) await upsertEntries(trx, entryValues(device, part, serverSeqOf));
  for (const b of newBooks) {
    await trx.insertInto('books').values({ org_id: device.orgId, kind: b.kind, year: b.year, holder_device_id: device.id }).execute();
  }
}

/** The slow path after the bulk write failed: one savepoint per item; returns the items turned into rejections. */
async function writeItemByItem(
  trx: Tx,
  device: AuthDevice,
  rows: ReceivedRow[],
  upserts: Map<string, EntryUpsert>,
  newBooks: { seq: number; kind: string; year: number }[],
  onError: (seq: number, e: unknown) => void,
): Promise<Map<number, PushResult>> {
  const failed = new Map<number, PushResult>();
  const upsertBySeq = new Map([...upserts.entries()].map(([id, u]) => [u.seq, [id, u] as [string, EntryUpsert]]));
  const bookBySeq = new Map(newBooks.map((b) => [b.seq, b]));
  for (const row of rows) {
    await sql`SAVEPOINT push_item`.execute(trx);
    try {
      const inserted = await trx.insertInto('received').values(row).returning(['seq', 'server_seq']).executeTakeFirstOrThrow();
      if (row.status === 'accepted') {
        const u = upsertBySeq.get(row.seq);
        if (u) await upsertEntries(trx, entryValues(device, [u], new Map([[row.seq, Number(inserted.server_seq)]])));
        const b = bookBySeq.get(row.seq);
        if (b) {
          await trx
            .insertInto('books')
            .values({ org_id: device.orgId, kind: b.kind, year: b.year, holder_device_id: device.id })
            .onConflict((oc) => oc.columns(['org_id', 'kind', 'year']).doNothing())
            .execute();
        }
      }
      await sql`RELEASE SAVEPOINT push_item`.execute(trx);
    } catch (e) {
      await sql`ROLLBACK TO SAVEPOINT push_item`.execute(trx);
      onError(row.seq, e);
      const reason = 'เซิร์ฟเวอร์บันทึกรายการนี้ไม่ได้ (ฐานข้อมูลไม่รับ) ผู้ดูแลเซิร์ฟเวอร์ดูสาเหตุได้ในบันทึกของเซิร์ฟเวอร์';
      await trx.insertInto('received').values(rejectedRow(device, row.seq, null, 'storage_failed', reason)).execute();
      failed.set(row.seq, { seq: row.seq, status: 'rejected', code: 'storage_failed', reason });
    }
  }
  return failed;
}

type PageRow = { server_seq: string | null; type: string | null; body: unknown; newest: string | null };

/**
 * One page of a device's pull and the newest server_seq it could see, read by one statement
 * (one snapshot): the newest value never counts a commit the page did not see.
 */
async function readPage(db: Db | Tx, device: AuthDevice, after: number, limit: number, ackFloor: number): Promise<{ rows: PageRow[]; newest: number }> {
  const { rows } = await sql<PageRow>`
    WITH page AS (
      SELECT server_seq, 'ack' AS type,
             jsonb_build_object('seq', seq, 'status', status, 'reason', reason) AS body
        FROM received WHERE device_id = ${device.id} AND server_seq > ${after} AND seq > ${ackFloor}
      UNION ALL
      SELECT server_seq, kind AS type, body
        FROM feed WHERE org_id = ${device.orgId} AND (device_id IS NULL OR device_id = ${device.id}) AND server_seq > ${after}
      ORDER BY server_seq
      LIMIT ${limit + 1}),
    top AS (
      SELECT greatest(
        (SELECT max(server_seq) FROM received WHERE device_id = ${device.id}),
        (SELECT max(server_seq) FROM feed WHERE org_id = ${device.orgId})) AS newest)
    SELECT page.server_seq, page.type, page.body, top.newest
      FROM top LEFT JOIN page ON true
     ORDER BY page.server_seq`.execute(db);
  return { rows: rows.filter((r) => r.server_seq !== null), newest: Number(rows[0]?.newest ?? 0) };
}

const isDistributionRow = (r: PageRow): boolean => typeof r.type === 'string' && r.type.startsWith('dist.');

/**
 * Pull: acknowledgements for this device's items above `ackFloor` (the device already knows the
 * answers below it) and the organisation's feed, after the cursor. When nothing more is waiting,
 * the cursor jumps to the newest server_seq the device could see, so it never rescans.
 *
 * Most pulls carry only acknowledgements and hand-overs: one statement, no transaction and no
 * lock, so a clerk's pull never waits for other pushes. Writers of one organisation are
 * serialised by its row lock and take their server_seq under it, so a snapshot never sees a
 * later number of this organisation committed before an earlier one. A page with documents
 * (รับส่งหนังสือราชการ) is read again under the organisation's share lock, with the documents'
 * own rows in the same transaction, as before.
 */
export async function pull(db: Db, device: AuthDevice, after: number, limit: number, ackFloor = 0): Promise<PullResponse> {
  const quick = await readPage(db, device, after, limit, ackFloor);
  if (!quick.rows.slice(0, limit).some(isDistributionRow)) return pullResponse(quick, new Map(), after, limit);
  return db.transaction().execute(async (trx) => {
    await lockOrg(trx, device.orgId, 'share');
    const page = await readPage(trx, device, after, limit, ackFloor);
    const dist = await distributionItems(
      trx,
      device.orgId,
      page.rows.slice(0, limit).map((r) => ({ server_seq: r.server_seq as string, type: r.type as string, body: r.body })),
    );
    return pullResponse(page, dist, after, limit);
  });
}

function pullResponse(page: { rows: PageRow[]; newest: number }, dist: Map<number, PullItem>, after: number, limit: number): PullResponse {
  const items: PullItem[] = page.rows.slice(0, limit).map((r) => {
    const serverSeq = Number(r.server_seq);
    const d = dist.get(serverSeq);
    if (d) return d;
    const body = r.body as Record<string, unknown>;
    if (r.type === 'ack') {
      return {
        serverSeq,
        type: 'ack',
        seq: Number(body.seq),
        status: body.status as 'accepted' | 'rejected',
        reason: (body.reason as string | null) ?? null,
      };
    }
    if (r.type === 'book') return { serverSeq, type: 'book', book: body as unknown as BookHolding };
    return { serverSeq, type: 'message', body };
  });
  const more = page.rows.length > limit;
  let cursor = items.length > 0 ? (items[items.length - 1] as PullItem).serverSeq : after;
  if (!more) {
    // A cursor beyond anything the server has means the server was restored from an older
    // backup: hand the device the server's real position so it does not skip new events.
    cursor = page.newest < after ? page.newest : Math.max(cursor, page.newest);
  }
  return { items, cursor, more };
}

async function nextNo(trx: Tx, orgId: string, kind: string, year: number): Promise<number> {
  const r = await trx
    .selectFrom('entries')
    .select((eb) => eb.fn.max('register_no').as('max'))
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(r?.max ?? 0) + 1;
}

export async function handover(db: Db, device: AuthDevice, req: HandoverRequest): Promise<BookHolding> {
  return db.transaction().execute(async (trx) => {
    await lockOrg(trx, device.orgId, 'update');
    const book = await trx
      .selectFrom('books')
      .select('holder_device_id')
      .where('org_id', '=', device.orgId)
      .where('kind', '=', req.kind)
      .where('year', '=', req.year)
      .executeTakeFirst();
    if (book && book.holder_device_id !== device.id) {
      throw new HttpError(403, 'not_holder', 'เครื่องนี้ไม่ได้ถือทะเบียนเล่มนี้ จึงส่งมอบไม่ได้');
    }
    const dev = await trx.selectFrom('devices').select('last_seq').where('id', '=', device.id).executeTakeFirstOrThrow();
    if (Number(dev.last_seq) < req.throughSeq) {
      throw new HttpError(409, 'pending', 'เครื่องนี้ยังส่งข้อมูลไม่ครบ กรุณาส่งข้อมูลให้หมดก่อนส่งมอบทะเบียน');
    }
    const target = await trx
      .selectFrom('devices')
      .select('id')
      .where('id', '=', req.toDeviceId)
      .where('org_id', '=', device.orgId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!target) throw new HttpError(404, 'device_not_found', 'ไม่พบเครื่องที่จะรับทะเบียนในหน่วยงานนี้');
    // A book is claimed only by the first entry pushed into it: handing over a book nobody holds
    // would let any device take a year (e.g. next year's, from a PC whose clock runs ahead).
    if (!book) {
      throw new HttpError(409, 'book_not_claimed', 'ทะเบียนเล่มนี้ยังไม่มีเครื่องใดถือ เครื่องที่ส่งรายการแรกของเล่มขึ้นเซิร์ฟเวอร์จะเป็นผู้ถือเล่ม');
    }
    await trx
      .updateTable('books')
      .set({ holder_device_id: target.id, changed_at: new Date() })
      .where('org_id', '=', device.orgId)
      .where('kind', '=', req.kind)
      .where('year', '=', req.year)
      .execute();
    const holding: BookHolding = { kind: req.kind, year: req.year, holderDeviceId: target.id, nextNo: await nextNo(trx, device.orgId, req.kind, req.year) };
    await trx.insertInto('feed').values({ org_id: device.orgId, device_id: null, kind: 'book', body: JSON.stringify(holding) }).execute();
    return holding;
  });
}

export async function orgView(db: Db, device: AuthDevice): Promise<OrgView> {
  const org = await db.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', '=', device.orgId).executeTakeFirstOrThrow();
  const devices = await db
    .selectFrom('devices')
    .select(['id', 'name', 'enrolled_at', 'last_seen_at'])
    .where('org_id', '=', device.orgId)
    .where('revoked_at', 'is', null)
    .orderBy('enrolled_at')
    .execute();
  const books = await db
    .selectFrom('books as b')
    .leftJoin('entries as e', (j) => j.onRef('e.org_id', '=', 'b.org_id').onRef('e.kind', '=', 'b.kind').onRef('e.year', '=', 'b.year'))
    .select(['b.kind', 'b.year', 'b.holder_device_id', (eb) => eb.fn.max('e.register_no').as('max')])
    .where('b.org_id', '=', device.orgId)
    .groupBy(['b.kind', 'b.year', 'b.holder_device_id'])
    .orderBy('b.year', 'desc')
    .orderBy('b.kind')
    .execute();
  return {
    org: { id: org.id, name: org.name, kind: org.kind as OrgKind },
    devices: devices.map((d) => ({
      id: d.id,
      name: d.name,
      enrolledAt: new Date(d.enrolled_at).toISOString(),
      lastSeenAt: d.last_seen_at ? new Date(d.last_seen_at).toISOString() : null,
    })),
    books: books.map((b) => ({ kind: b.kind as RegisterKind, year: b.year, holderDeviceId: b.holder_device_id, nextNo: Number(b.max ?? 0) + 1 })),
  };
}

/** The server's copy of this organisation's entries, by id order (for checks and restores). */
export async function listEntries(db: Db, device: AuthDevice, afterId: string, limit: number): Promise<{ rows: unknown[]; next: string | null }> {
  const rows = await db
    .selectFrom('entries')
    .select(['id', 'data'])
    .where('org_id', '=', device.orgId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { rows: page.map((r) => r.data), next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

export async function getEntry(db: Db, device: AuthDevice, id: string): Promise<unknown> {
  const row = await db.selectFrom('entries').select('data').where('id', '=', id).where('org_id', '=', device.orgId).executeTakeFirst();
  // Another organisation's entry answers exactly like a missing one: nothing leaks.
  if (!row) throw new HttpError(404, 'not_found', 'ไม่พบรายการนี้');
  return row.data;
}
