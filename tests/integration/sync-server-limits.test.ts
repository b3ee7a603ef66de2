// The server's limits: enrolment attempts and failed authentications per address (429 with a
// Thai message), the per-organisation attachment quota, and partial uploads nobody resumed for
// 24 h removed.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp } from '../support/core.js';
import { api, createOrg, credentialOf, enrol, startServer, type ServerProcess } from '../support/server/centralServer.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const errorOf = (r: { json: Record<string, unknown> }) => r.json.error as { code: string; message: string };

describe('server limits', () => {
  it('limits enrolment attempts and failed authentications per address, and attachments per organisation', async () => {
    const args = ['--enrol-per-minute', '5', '--auth-failures-per-minute', '5', '--org-quota-mb', '1'];
    let s: ServerProcess = await startServer({ args });
    const again = (old: ServerProcess) => startServer({ dataDir: old.dataDir, port: old.port, databaseUrl: old.databaseUrl, args });
    cleanup.push(() => s.kill());
    const app = openTestApp();
    cleanup.push(() => app.dispose());
    await enrol(app, s.url, (await createOrg(s, 'สพป.ขีดจำกัด')).code); // 1 of 5
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push(await api(s.url, '/v1/enrol', { method: 'POST', json: { code: 'AAAA-BBBB-CCCC', deviceName: 'ก', localDeviceId: 'x', afterSeq: 0 } }));
    expect(guesses.map((g) => g.status)).toEqual([401, 401, 401, 401, 429]);
    expect(errorOf(guesses[4] as (typeof guesses)[number]).message).toContain('มีการลองมากเกินไป');

    for (let i = 0; i < 5; i++) expect((await api(s.url, '/v1/org', { credential: `sdc_${randomBytes(32).toString('base64url')}` })).status).toBe(401);
    const blocked = await api(s.url, '/v1/org', { credential: `sdc_${randomBytes(32).toString('base64url')}` });
    expect([blocked.status, errorOf(blocked).code]).toEqual([429, 'rate_limited']);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);

    // A new server process: the limits above are per process and minute.
    await s.stop();
    s = await again(s);
    const cred = credentialOf(app);
    const big = randomBytes(1_500_000);
    const over = await api(s.url, `/v1/blobs/${'c'.repeat(64)}`, {
      method: 'PUT',
      credential: cred,
      body: new Uint8Array(big.subarray(0, 1000)),
      headers: { 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(big.length) },
    });
    expect([over.status, errorOf(over).code]).toEqual([413, 'quota_exceeded']);
    expect(errorOf(over).message).toContain('พื้นที่เก็บไฟล์แนบของหน่วยงานเต็มแล้ว');

    // Half an upload, abandoned: kept for resuming, removed once a day has passed.
    const sha = 'd'.repeat(64);
    const half = await api(s.url, `/v1/blobs/${sha}`, {
      method: 'PUT',
      credential: cred,
      body: new Uint8Array(1000),
      headers: { 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': '2000' },
    });
    expect(half.json).toEqual({ offset: 1000, complete: false });
    await s.stop();
    const orgDir = join(s.dataDir, 'partial');
    const partial = join(orgDir, readdirSync(orgDir)[0] as string, sha);
    expect(existsSync(partial)).toBe(true);
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    utimesSync(partial, dayAgo, dayAgo);
    s = await again(s);
    expect(existsSync(partial)).toBe(false);
    const head = await api(s.url, `/v1/blobs/${sha}`, { method: 'HEAD', credential: cred });
    expect(head.headers.get('upload-offset')).toBe('0');
  });
});
