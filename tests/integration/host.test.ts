import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
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

/** An IPv4 address of this machine that is not loopback (its own network card's). */
function networkAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!found) throw new Error('this machine has no non-loopback IPv4 address to test the host from');
  return found.address;
}

/** Opens a TCP connection from `address` to `address:port`: 'connected' or the error code. */
function connectFrom(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, localAddress: address });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

const entryCount = () => app.core.store.raw<{ n: number }>('SELECT count(*) AS n FROM entries')[0]?.n;

describe('the HTTP host', () => {
  it('listens on loopback only: a connection from this machine\'s network address is refused', async () => {
    const address = networkAddress();
    // The same address reaches a server that listens on every interface, so a refusal below
    // comes from where the host listens, not from the network.
    const control = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => control.listen(0, '0.0.0.0', resolve));
    try {
      expect(await connectFrom(address, (control.address() as AddressInfo).port)).toBe('connected');
    } finally {
      await new Promise((resolve) => control.close(resolve));
    }
    expect(await connectFrom(address, host.port)).toBe('ECONNREFUSED');
    expect(await connectFrom('127.0.0.1', host.port)).toBe('connected');
  });

  it('runs each call as the session its header names, over real HTTP', async () => {
    const viewer = await app.asUser('viewer', { displayName: 'นายผู้ดู ทดสอบ' });
    const asViewer = { 'x-saraban-session': viewer.sessionId ?? '' };
    const info = (await (await post('app.info', '{}', asViewer)).json()) as { ok: boolean; value: { userName: string } };
    expect(info).toMatchObject({ ok: true, value: { userName: 'นายผู้ดู ทดสอบ' } });
    const refused = (await (await post('users.list', '{}', asViewer)).json()) as { ok: boolean; error: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const unknown = (await (await post('app.info', '{}', { 'x-saraban-session': 'no-such-session' })).json()) as { ok: boolean; error: { code: string } };
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
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
