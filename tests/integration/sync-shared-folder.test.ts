// Two server processes behind one address share one attachment folder (as the README allows on
// PostgreSQL): the same 4 MB file sent to both at once is stored once, whole and verified; the
// loser of the race is told to retry (409), never a 500 or a false hash mismatch. PGlite belongs
// to one process, so there both requests go to the one process, which takes the same lease.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp } from '../support/core.js';
import { api, createOrg, credentialOf, enrol, startServer } from '../support/server/centralServer.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('server processes sharing one attachment folder', () => {
  it('the same upload sent to both at once is stored once, whole; the other is asked to retry', async () => {
    const first = await startServer();
    cleanup.push(() => first.kill());
    const together = first.databaseUrl !== undefined;
    const second = together ? await startServer({ dataDir: first.dataDir, databaseUrl: first.databaseUrl }) : first;
    if (together) cleanup.push(() => second.kill());
    const app = openTestApp();
    cleanup.push(() => app.dispose());
    // The admin token is the last-started process's (server.json in the shared folder).
    await enrol(app, first.url, (await createOrg(second, 'สพป.สองเครื่องแม่ข่าย')).code);
    const credential = credentialOf(app);

    const file = randomBytes(4 * 1024 * 1024);
    const sha = createHash('sha256').update(file).digest('hex');
    const send = (url: string) =>
      api(url, `/v1/blobs/${sha}`, {
        method: 'PUT',
        credential,
        body: new Uint8Array(file),
        headers: { 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(file.length) },
      });
    const answers = await Promise.all([send(first.url), send(second.url)]);
    for (const a of answers) {
      expect([200, 409], JSON.stringify(a.json)).toContain(a.status);
      if (a.status === 409) expect((a.json.error as { code: string }).code).toMatch(/^(busy|offset_mismatch)$/);
    }
    expect(answers.some((a) => a.status === 200 && a.json.complete === true)).toBe(true);

    // The client retries the refused one: the file is already there, whole.
    for (const s of [first, second]) {
      const again = await send(s.url);
      expect([again.status, again.json]).toEqual([200, { offset: file.length, complete: true }]);
      const res = await fetch(new URL(`/v1/blobs/${sha}`, s.url), { headers: { authorization: `Bearer ${credential}` } });
      expect(res.status).toBe(200);
      expect(createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')).toBe(sha);
    }
    for (const s of new Set([first, second])) expect(s.output()).not.toMatch(/unexpected error/);
  });
});
