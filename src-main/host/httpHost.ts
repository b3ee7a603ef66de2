// The HTTP host: the same renderer and the same API as the Electron app, for a plain browser
// (development, end-to-end tests, a PC without the Electron binary). Loopback only, and every
// API call must carry the per-run token.
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fail } from '../../src-shared/result.js';
import type { Dispatch } from '../api/dispatch.js';
import { CSP } from '../shell/csp.js';

export interface HostOptions {
  dispatch: Dispatch;
  rendererDir: string;
  port: number;
  token?: string;
  /** Largest API request body; a bulk certificate list of 5,000 names fits well inside. */
  bodyLimit?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  if (!existsSync(opts.rendererDir)) {
    throw new Error(`the renderer is not built (${opts.rendererDir}); run: npm run build:renderer`);
  }
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? 8 * 1024 * 1024 });
  let allowedHosts = new Set<string>();

  app.addHook('onRequest', async (req, reply) => {
    // A web page elsewhere could point a DNS name at 127.0.0.1; only our own Host is served.
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return reply.code(421).send({ ok: false, error: { code: 'forbidden', message: 'ไม่อนุญาต' } });
    }
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
  });

  app.post<{ Params: { method: string } }>('/api/:method', async (req, reply) => {
    const header = req.headers['x-saraban-token'];
    if (typeof header !== 'string' || !sameToken(header, token)) {
      return reply.code(401).send(fail('unauthenticated', 'ไม่ได้รับอนุญาต: กรุณาเปิดโปรแกรมจากลิงก์ที่โปรแกรมพิมพ์ไว้'));
    }
    // The login session travels in its own header (kept by the tab in sessionStorage).
    const session = req.headers['x-saraban-session'];
    return reply.send(await opts.dispatch(req.params.method, req.body, { sessionId: typeof session === 'string' && session ? session : null }));
  });

  app.setErrorHandler((err: { statusCode?: number }, _req, reply) => {
    const status = err.statusCode ?? 500;
    const message = status === 413 ? 'ข้อมูลที่ส่งมีขนาดใหญ่เกินไป' : status < 500 ? 'คำขอไม่ถูกต้อง' : 'เกิดข้อผิดพลาดภายในโปรแกรม';
    return reply.code(status).send(fail(status < 500 ? 'invalid_input' : 'internal', message));
  });

  await app.register(fastifyStatic, { root: opts.rendererDir, index: ['index.html'] });

  const address = await app.listen({ host: '127.0.0.1', port: opts.port });
  const port = Number(new URL(address).port);
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const url = `http://127.0.0.1:${port}/`;
  return { url, port, token, app, close: () => app.close() };
}
