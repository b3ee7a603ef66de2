import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../src-main/host/httpHost.js';
import { openTestApp, type TestApp } from '../support/core.js';

let app: TestApp;
let host: RunningHost;

beforeAll(async () => {
  app = openTestApp();
  const rendererDir = join(app.dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  // app.dispatch runs a call that carries no session as the test admin (tests/support/core.ts).
  host = await startHost({ dispatch: app.dispatch, rendererDir, port: 0, bodyLimit: 64 * 1024 });
});
afterAll(async () => {
  await host?.close();
  app?.dispose();
});

const post = (method: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${host.url}api/${method}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-saraban-token': host.token, ...headers },
  });

const entryCount = () => app.core.store.raw<{ n: number }>('SELECT count(*) AS n FROM entries')[0]?.n;

describe('the HTTP host', () => {
  it('listens on loopback only', () => {
    expect(host.url.startsWith('http://127.0.0.1:')).toBe(true);
  });

  it('serves the API with the token, and refuses a wrong one', async () => {
    const ok = await post('app.info', '{}');
    expect(((await ok.json()) as { ok: boolean }).ok).toBe(true);
    const wrong = await post('app.info', '{}', { 'x-saraban-token': `${host.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
  });

  it('refuses an unknown method, a malformed body and an oversized one, changing nothing', async () => {
    const unknown = (await (await post('entries.drop', '{}')).json()) as { ok: boolean; error: { code: string } };
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const malformed = await post('entries.create', '{"kind": "incoming", ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toBe('คำขอไม่ถูกต้อง');
    const huge = await post('entries.create', JSON.stringify({ kind: 'incoming', subject: 'ก'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { message: string } }).error.message).toBe('ข้อมูลที่ส่งมีขนาดใหญ่เกินไป');
    const invalid = (await (await post('entries.create', JSON.stringify({ kind: 'incoming', subject: '' }))).json()) as {
      ok: boolean;
      error: { fields: Record<string, string> };
    };
    expect(invalid.ok).toBe(false);
    expect(invalid.error.fields.subject).toBe('กรุณากรอกเรื่อง');
    expect(entryCount()).toBe(0);
  });

  it('answers only to its own Host name (no DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.url}api/app.info`, { method: 'POST', headers: { host: 'attacker.example:80', 'x-saraban-token': host.token } }, (res) =>
        resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('sends a strict Content-Security-Policy with the page', async () => {
    const res = await fetch(host.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("object-src 'none'");
  });
});
