// The server's limits: enrolment attempts and failed authentications per address (429 with a
// Thai message), counted in the database so that every server process counts the same tries, the per-organisation attachment quota, and partial uploads nobody resumed for
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
  it('counts enrolment attempts and failed authentications per address across server processes', async () => {
    const args = ['--enrol-per-minute', '5', '--auth-failures-per-minute', '5'];
    const first = await startServer({ args });
    cleanup.push(() => first.kill());
    const app = openTestApp();
    cleanup.push(() => app.dispose());
    await enrol(app, first.url, (await createOrg(first, 'สพป.ขีดจำกัด')).code); // attempt 1 of 5
    const wrongCode = (s: ServerProcess) => api(s.url, '/v1/enrol', { method: 'POST', json: { code: 'AAAA-BBBB-CCCC', deviceName: 'ก', localDeviceId: 'x', afterSeq: 0 } });
    const wrongCredential = (s: ServerProcess) => api(s.url, '/v1/org', { credential: `sdc_${randomBytes(32).toString('base64url')}` });
    const firstTries = [await wrongCode(first), await wrongCode(first)];
    for (let i = 0; i < 3; i++) firstTries.push(await wrongCredential(first));
    expect(firstTries.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);

    // A second server process on the same database: on PostgreSQL both run at once behind one
    // address, as the README allows; PGlite has one process per data folder, so the second
    // starts on the first one's folder once it has stopped. Either way it carries on counting.
    const together = first.databaseUrl !== undefined;
    if (!together) await first.stop();
    const second = await startServer({ args, ...(together ? { databaseUrl: first.databaseUrl } : { dataDir: first.dataDir }) });
    cleanup.push(() => second.kill());
    const codes = [await wrongCode(second), await wrongCode(second), await wrongCode(second)];
    expect(codes.map((r) => r.status)).toEqual([401, 401, 429]);
    expect(errorOf(codes[2] as (typeof codes)[number]).message).toContain('มีการลองมากเกินไป');
    const creds = [await wrongCredential(second), await wrongCredential(second), await wrongCredential(second)];
    expect(creds.map((r) => r.status)).toEqual([401, 401, 429]);
    const blocked = creds[2] as (typeof creds)[number];
    expect(errorOf(blocked).code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Once blocked, even a right credential is not looked at: a guesser learns nothing more.
    expect((await api(second.url, '/v1/org', { credential: credentialOf(app) })).status).toBe(429);
    if (together) {
      expect((await wrongCode(first)).status).toBe(429);
      expect((await wrongCredential(first)).status).toBe(429);
    }
  });

  it('limits attachments per organisation and removes abandoned partial uploads', async () => {
    const args = ['--org-quota-mb', '1'];
    let s: ServerProcess = await startServer({ args });
    const again = (old: ServerProcess) => startServer({ dataDir: old.dataDir, port: old.port, databaseUrl: old.databaseUrl, args });
    cleanup.push(() => s.kill());
    const app = openTestApp();
    cleanup.push(() => app.dispose());
    await enrol(app, s.url, (await createOrg(s, 'สพป.ขีดจำกัด')).code);
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
