// The central server's HTTP API. Every /v1 route except enrolment needs a device credential
// and sees only that device's organisation; /admin needs the per-run admin token, from loopback.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ORG_KINDS,
  SHA256_HEX,
  SYNC_LIMITS,
  enrolRequest,
  handoverRequest,
  pushRequest,
} from '../src-shared/syncSchemas.js';
import { createCode, createOrg, listOrgs } from './admin.js';
import { auditWitnessRoutes } from './auditWitness.js';
import { BlobStore } from './blobs.js';
import type { ServerDb } from './db/open.js';
import { HttpError } from './errors.js';
import { authenticate, enrol, getEntry, handover, listEntries, orgView, pull, push, type AuthDevice } from './sync.js';

export interface ServerOptions {
  sdb: ServerDb;
  dataDir: string;
  adminToken: string;
  credentialTtlMs: number;
  bodyLimit?: number;
  log?: boolean;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HttpError(400, 'invalid_body', `ข้อมูลที่ส่งมาไม่ถูกต้อง${issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : ''}`);
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

const isLoopback = (ip: string): boolean => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

export function buildServer(opts: ServerOptions): FastifyInstance {
  const { db } = opts.sdb;
  const app = Fastify({ logger: opts.log ?? false, bodyLimit: opts.bodyLimit ?? SYNC_LIMITS.maxBodyBytes });
  const blobs = new BlobStore(opts.dataDir, db);
  const devices = new WeakMap<FastifyRequest, AuthDevice>();
  const device = (req: FastifyRequest): AuthDevice => devices.get(req) as AuthDevice;

  // Attachment pieces are streamed to disk, never buffered.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...err.extra } });
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send({ error: { code: 'too_large', message: 'ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด' } });
    if (status === 415) return reply.code(415).send({ error: { code: 'unsupported_type', message: 'ชนิดข้อมูลที่ส่งมาไม่รองรับ' } });
    if (status < 500) return reply.code(status).send({ error: { code: 'bad_request', message: 'คำขอไม่ถูกต้อง' } });
    app.log.error(err);
    return reply.code(500).send({ error: { code: 'internal', message: 'เซิร์ฟเวอร์ขัดข้อง กรุณาลองใหม่ภายหลัง' } });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'not_found', message: 'ไม่พบสิ่งที่ขอ' } }));

  app.get('/v1/health', async () => ({ ok: true, engine: opts.sdb.engine }));
  app.post('/v1/enrol', async (req) => enrol(db, parse(enrolRequest, req.body), opts.credentialTtlMs));

  app.register(async (api) => {
    api.addHook('onRequest', async (req) => {
      devices.set(req, await authenticate(db, req.headers.authorization));
    });
    api.post('/v1/push', async (req) => push(db, device(req), parse(pushRequest, req.body).items));
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
    api.post('/v1/books/handover', async (req) => handover(db, device(req), parse(handoverRequest, req.body)));
    api.get('/v1/entries', async (req) => {
      const q = parse(z.object({ after: z.string().max(100).default(''), limit: z.coerce.number().int().min(1).max(5000).default(1000) }), req.query);
      return listEntries(db, device(req), q.after, q.limit);
    });
    api.get('/v1/entries/:id', async (req) => getEntry(db, device(req), String((req.params as { id: string }).id)));
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
      const b = parse(z.object({ name: z.string().trim().min(1).max(300), kind: z.enum(ORG_KINDS), ttlHours: z.number().positive().max(24 * 90).optional() }), req.body);
      return createOrg(db, b.name, b.kind, b.ttlHours);
    });
    admin.post('/admin/codes', async (req) => {
      const b = parse(z.object({ orgId: z.string().min(1).max(100), ttlHours: z.number().positive().max(24 * 90).optional() }), req.body);
      return createCode(db, b.orgId, b.ttlHours);
    });
    admin.get('/admin/orgs', async () => listOrgs(db));
  });

  return app;
}
