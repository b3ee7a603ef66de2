// The central server's HTTP API. Every /v1 route except enrolment needs a device credential
// and sees only that device's organisation; /admin needs the per-run admin token, from loopback.
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ORG_KINDS,
  SHA256_HEX,
  SYNC_LIMITS,
  enrolRequest,
  handoverRequest,
  pushRequest,
  revokeDeviceRequest,
} from '../src-shared/syncSchemas.js';
import { printable, textField, textProblem, wireId } from '../src-shared/text.js';
import { REGISTER_KINDS } from '../src-shared/domain.js';
import { createCode, createOrg, listDevices, listOrgs, reassignBook, revokeDevice } from './admin.js';
import { auditWitnessRoutes } from './auditWitness.js';
import { officeKeyRoutes } from './officeKey.js';
import { BlobStore } from './blobs.js';
import { isDatabaseUnavailable, type ServerDb } from './db/open.js';
import { Metrics } from './metrics.js';
import { databaseStore, sweepAttempts } from './rateLimits.js';
import { Gate, writersFor } from './gate.js';
import { HttpError, tooManyAttempts } from './errors.js';
import { registerUpdateRoutes } from './updates.js';
import { adminRoutes, deviceRoutes } from './distribution/routes.js';
import { authenticate, enrol, getEntry, handover, listEntries, orgView, pull, push, type AuthDevice } from './sync.js';

export interface ServerOptions {
  sdb: ServerDb;
  dataDir: string;
  adminToken: string;
  credentialTtlMs: number;
  bodyLimit?: number;
  /** Enrolment attempts per minute from one address (a code is guessed by trying many). */
  enrolPerMinute?: number;
  /** Failed authentications per minute from one address before it is told to wait. */
  authFailuresPerMinute?: number;
  /** Attachment bytes one organisation may store (default: no limit). */
  orgQuotaBytes?: number;
  /** Push transactions at once (default: writersFor the pool and the machine's cores). */
  pushWriters?: number;
  /** pino log level ('info', 'warn', …) or false for none. */
  log?: string | false;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HttpError(400, 'invalid_body', `ข้อมูลที่ส่งมาไม่ถูกต้อง${issue ? ` (${printable(issue.path.join('.')) || 'body'}: ${issue.message})` : ''}`);
  }
  return r.data;
}

function sha(params: unknown): string {
  const s = (params as { sha256?: string }).sha256 ?? '';
  if (!SHA256_HEX.test(s)) throw new HttpError(400, 'invalid_sha256', 'รหัสไฟล์ (SHA-256) ไม่ถูกต้อง');
  return s;
}

function intHeader(req: FastifyRequest, name: string): number {
  const raw = req.headers[name];
  const n = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new HttpError(400, 'invalid_header', `ต้องระบุ ${name} เป็นตัวเลข`);
  return n;
}

export const adminReassign = z.object({
  orgId: wireId(100),
  kind: z.enum(REGISTER_KINDS),
  year: z.number().int().min(2400).max(2700),
  toDeviceId: wireId(100),
  reason: textField('เหตุผล', 500).min(1, 'กรุณาระบุเหตุผล'),
  actor: textField('ผู้ดำเนินการ', 200).default('ผู้ดูแลเซิร์ฟเวอร์'),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isLoopback = (ip: string): boolean => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

export function buildServer(opts: ServerOptions): FastifyInstance {
  const { db } = opts.sdb;
  const app = Fastify({
    logger: opts.log ? { level: opts.log } : false,
    // A request id that is unique across server processes; a proxy's x-request-id is kept.
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    bodyLimit: opts.bodyLimit ?? SYNC_LIMITS.maxBodyBytes,
  });
  const metrics = new Metrics();
  const pushGate = new Gate(opts.pushWriters ?? writersFor(opts.sdb.poolSize, availableParallelism()));
  app.addHook('onResponse', async (req, reply) => {
    metrics.request(reply.statusCode, reply.elapsedTime);
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  const blobs = new BlobStore(opts.dataDir, db, { ...(opts.orgQuotaBytes ? { orgQuotaBytes: opts.orgQuotaBytes } : {}) });
  const sweep = (): void => {
    const n = blobs.sweepPartials();
    if (n > 0) app.log.info({ removed: n }, 'abandoned partial uploads removed');
    sweepAttempts(db).catch((err: unknown) => app.log.warn({ err }, 'ended attempt windows not removed'));
  };
  const sweeper = setInterval(sweep, 3600_000);
  sweeper.unref();
  app.addHook('onReady', async () => sweep());
  app.addHook('onClose', async () => clearInterval(sweeper));
  const devices = new WeakMap<FastifyRequest, AuthDevice>();
  const device = (req: FastifyRequest): AuthDevice => devices.get(req) as AuthDevice;

  // Attachment pieces are streamed to disk, never buffered.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...err.extra } });
    }
    if (isDatabaseUnavailable(err)) {
      // The database restarts or is out of reach: a moment's outage the desktops retry, not a bug.
      req.log.warn({ err }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: { code: 'unavailable', message: 'ฐานข้อมูลของเซิร์ฟเวอร์ไม่พร้อมชั่วคราว ระบบจะส่งข้อมูลใหม่ให้อัตโนมัติ' } });
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send({ error: { code: 'too_large', message: 'ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด' } });
    if (status === 415) return reply.code(415).send({ error: { code: 'unsupported_type', message: 'ชนิดข้อมูลที่ส่งมาไม่รองรับ' } });
    if (status < 500) return reply.code(status).send({ error: { code: 'bad_request', message: 'คำขอไม่ถูกต้อง' } });
    req.log.error({ err }, 'unexpected error');
    return reply.code(500).send({ error: { code: 'internal', message: 'เซิร์ฟเวอร์ขัดข้อง กรุณาลองใหม่ภายหลัง' } });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'not_found', message: 'ไม่พบสิ่งที่ขอ' } }));

  const health = async (_req: FastifyRequest, reply: FastifyReply) => {
    let database: 'up' | 'down' = 'up';
    try {
      await sql`SELECT 1`.execute(db);
    } catch {
      database = 'down';
    }
    return reply.code(database === 'up' ? 200 : 503).send({ ok: database === 'up', engine: opts.sdb.engine, database, ...metrics.snapshot(), pushesWaiting: pushGate.queued });
  };
  // Counted in the database: every server process behind one address counts the same attempts.
  void app.register(rateLimit, {
    global: false,
    store: databaseStore(db),
    errorResponseBuilder: (_req, ctx) => tooManyAttempts(Math.max(1, Math.ceil(ctx.ttl / 1000))),
  });
  const authGuard = (address: string) => ({ address, max: opts.authFailuresPerMinute ?? 60, windowMs: 60_000 });
  app.get('/health', health);
  app.get('/v1/health', health);
  app.register(async (open) => {
    open.post('/v1/enrol', { config: { rateLimit: { max: opts.enrolPerMinute ?? 30, timeWindow: 60_000 } } }, async (req) =>
      enrol(db, parse(enrolRequest, req.body), opts.credentialTtlMs),
    );
  });

  app.register(async (api) => {
    api.addHook('onRequest', async (req, reply) => {
      try {
        devices.set(req, await authenticate(db, req.headers.authorization, authGuard(req.ip)));
      } catch (e) {
        if (e instanceof HttpError && e.status === 429) void reply.header('retry-after', String(e.extra.retryAfterSeconds));
        throw e;
      }
    });
    // The slot is taken before the body is parsed: 100 offices starting at once would otherwise
    // parse 100 batches in one go, ahead of every pull. It is freed when the answer is sent or
    // the connection closes, whichever comes first.
    const pushPreParsing = async (req: FastifyRequest, reply: FastifyReply) => {
      const release = await pushGate.acquire();
      // A PC that hung up while it waited has already closed: its slot goes back at once.
      if (reply.raw.destroyed || reply.raw.writableFinished) release();
      reply.raw.once('close', release);
      reply.raw.once('finish', release);
    };
    api.post('/v1/push', { preParsing: pushPreParsing }, async (req) => {
      const items = parse(pushRequest, req.body).items;
      const res = await push(db, device(req), items, {
        onItemError: (seq, error) => req.log.error({ err: error, seq }, 'push item refused by the database'),
      });
      const rejected = res.results.filter((r) => r.status === 'rejected').length;
      metrics.push(res.results.filter((r) => r.status === 'accepted').length, rejected);
      if (rejected > 0) req.log.info({ rejected, lastSeq: res.lastSeq }, 'push items rejected');
      return res;
    });
    api.get('/v1/pull', async (req) => {
      const q = parse(
        z.object({
          after: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(SYNC_LIMITS.pullPage).default(SYNC_LIMITS.pullPage),
          ackFloor: z.coerce.number().int().min(0).default(0),
        }),
        req.query,
      );
      return pull(db, device(req), q.after, q.limit, q.ackFloor);
    });
    api.get('/v1/org', async (req) => orgView(db, device(req)));
    auditWitnessRoutes(api, db, device);
    officeKeyRoutes(api, db, device);
    api.post('/v1/devices/revoke', async (req) => {
      const me = device(req);
      const b = parse(revokeDeviceRequest, req.body);
      if (b.deviceId === me.id) throw new HttpError(409, 'self', 'ยกเลิกสิทธิ์เครื่องที่ใช้อยู่เองไม่ได้ ให้ทำจากเครื่องอื่นของหน่วยงานหรือที่เซิร์ฟเวอร์');
      // Another organisation's device answers "not found", like a missing one.
      await revokeDevice(db, b.deviceId, b.reason, `เครื่อง ${me.id}`, me.orgId);
      return orgView(db, me);
    });
    deviceRoutes(api, db, parse, device);
    api.post('/v1/books/handover', async (req) => handover(db, device(req), parse(handoverRequest, req.body)));
    api.get('/v1/entries', async (req) => {
      const q = parse(z.object({ after: z.string().max(100).refine((v) => textProblem(v) === null).default(''), limit: z.coerce.number().int().min(1).max(5000).default(1000) }), req.query);
      return listEntries(db, device(req), q.after, q.limit);
    });
    api.get('/v1/entries/:id', async (req) => {
      const id = String((req.params as { id: string }).id);
      // Entry ids are UUIDs: anything else is simply not there (and never reaches the database).
      if (!UUID.test(id)) throw new HttpError(404, 'not_found', 'ไม่พบรายการนี้');
      return getEntry(db, device(req), id);
    });
    api.head('/v1/blobs/:sha256', async (req, reply) => {
      const s = await blobs.state(device(req), sha(req.params));
      return reply.header('upload-offset', String(s.offset)).header('upload-complete', s.complete ? '1' : '0').code(200).send();
    });
    api.put('/v1/blobs/:sha256', async (req, reply) => {
      const s = sha(req.params);
      if (!req.headers['content-type']?.startsWith('application/octet-stream')) {
        throw new HttpError(415, 'unsupported_type', 'ไฟล์แนบต้องส่งเป็น application/octet-stream');
      }
      const state = await blobs.put(device(req), s, intHeader(req, 'upload-offset'), intHeader(req, 'upload-length'), req.body as Readable);
      return reply.header('upload-offset', String(state.offset)).send(state);
    });
    api.get('/v1/blobs/:sha256', async (req, reply: FastifyReply) => {
      const f = await blobs.open(device(req), sha(req.params));
      return reply.header('content-type', 'application/octet-stream').header('content-length', String(f.size)).send(createReadStream(f.path));
    });
  });

  app.register(async (admin) => {
    admin.addHook('onRequest', async (req) => {
      const given = Buffer.from(String(req.headers['x-admin-token'] ?? ''));
      const expected = Buffer.from(opts.adminToken);
      if (!isLoopback(req.ip) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new HttpError(403, 'forbidden', 'ไม่อนุญาต');
      }
    });
    admin.post('/admin/orgs', async (req) => {
      const b = parse(z.object({ name: textField('ชื่อหน่วยงาน', 300).min(1), kind: z.enum(ORG_KINDS), ttlHours: z.number().positive().max(24 * 90).optional() }), req.body);
      return createOrg(db, b.name, b.kind, b.ttlHours);
    });
    admin.post('/admin/codes', async (req) => {
      const b = parse(z.object({ orgId: wireId(100), ttlHours: z.number().positive().max(24 * 90).optional() }), req.body);
      return createCode(db, b.orgId, b.ttlHours);
    });
    admin.get('/admin/orgs', async () => listOrgs(db));
    admin.get('/admin/devices', async (req) => listDevices(db, parse(z.object({ org: wireId(100).optional() }), req.query).org));
    admin.post('/admin/devices/revoke', async (req) => {
      const b = parse(z.object({ deviceId: wireId(100), reason: textField('เหตุผล', 500).min(1, 'กรุณาระบุเหตุผล'), actor: textField('ผู้ดำเนินการ', 200).default('ผู้ดูแลเซิร์ฟเวอร์') }), req.body);
      return revokeDevice(db, b.deviceId, b.reason, b.actor);
    });
    admin.post('/admin/books/reassign', async (req) => {
      const b = parse(adminReassign, req.body);
      return reassignBook(db, b, b.actor);
    });
    adminRoutes(admin, db, parse);
  });
  // The desktop app's installer and latest.yml (src-server/updates.ts).
  registerUpdateRoutes(app, opts.dataDir);

  return app;
}
