// Attachments travel before the entries that reference them, by SHA-256, resumable after a
// broken connection, verified on the server and stored once. Real files in the data folder
// layout the attachments module uses: <dataDir>/attachments/<first two hex>/<sha256>.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncClient } from '../../src-main/sync/http.js';
import * as outbox from '../../src-main/sync/outbox.js';
import { syncEngineFor } from '../../src-main/sync/index.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { createOrg, credentialOf, enrol, newCode, startProxy, startServer, type Proxy, type ServerProcess } from '../support/server/centralServer.js';
import { blobPath } from '../../src-main/attachments/blobFiles.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function attachFile(app: TestApp, bytes: Buffer): string {
  const sha = createHash('sha256').update(bytes).digest('hex');
  const path = blobPath(app.dataDir, sha);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return sha;
}

/** Points the entry's pending outbox rows at these files (as the attachments module will). */
function reference(app: TestApp, seq: number, shas: { sha: string; size: number }[]): void {
  const list = shas.map((s, i) => ({ sha256: s.sha, size: s.size, name: `หนังสือ-${i}.pdf`, mimeType: 'application/pdf', description: `สิ่งที่ส่งมาด้วย ${i + 1}` }));
  app.core.store.sqlite.prepare("UPDATE outbox SET payload = json_set(payload, '$.entry.attachments', json(?)) WHERE seq = ?").run(JSON.stringify(list), seq);
}

const blobFile = (s: ServerProcess, sha: string): string => join(s.dataDir, 'blobs', sha.slice(0, 2), sha);

async function setup(): Promise<{ app: TestApp; server: ServerProcess; proxy: Proxy; orgId: string }> {
  const server = await startServer();
  const proxy = await startProxy(() => server.port);
  const app = openTestApp();
  cleanup.push(() => app.dispose(), () => proxy.close(), () => server.kill());
  const { orgId, code } = await createOrg(server, 'สพป.ขอนแก่น เขต 1');
  await enrol(app, proxy.url, code);
  return { app, server, proxy, orgId };
}

describe('sync: attachments', () => {
  it('uploads the files an entry references before the entry, resumes a cut upload, stores each file once', async () => {
    const { app, server, proxy } = await setup();
    const big = randomBytes(1_500_000);
    const small = randomBytes(20_000);
    const bigSha = attachFile(app, big);
    const smallSha = attachFile(app, small);
    for (let i = 0; i < 3; i++) await app.must('entries.create', incoming(`มีไฟล์แนบ ${i}`));
    reference(app, 1, [{ sha: bigSha, size: big.length }, { sha: smallSha, size: small.length }]);
    reference(app, 3, [{ sha: bigSha, size: big.length }]); // the same file on another entry

    // The connection breaks halfway through the big file.
    proxy.mode = { kind: 'cutAfterBytes', bytes: 700_000, when: (req) => req.startsWith(`PUT /v1/blobs/${bigSha}`) };
    const cut = await app.must('sync.now', {});
    expect(cut.pending).toBe(3); // no entry went before its file
    const client = new SyncClient({ baseUrl: server.url, credential: credentialOf(app) });
    const partial = await client.blobState(bigSha);
    expect(partial.complete).toBe(false);
    expect(partial.offset).toBeGreaterThan(0);
    expect(partial.offset).toBeLessThan(big.length);

    // Next attempt resumes from there (sends only the rest), then the entries follow.
    const sentBefore = proxy.forwarded.reduce((x, y) => x + y, 0);
    const done = await app.must('sync.now', {});
    expect(done.pending).toBe(0);
    expect(done.rejected).toEqual([]);
    const sentAfter = proxy.forwarded.reduce((x, y) => x + y, 0);
    expect(sentAfter - sentBefore).toBeLessThan(big.length - partial.offset + small.length + 200_000);
    expect(readFileSync(blobFile(server, bigSha)).equals(big)).toBe(true);
    expect(readFileSync(blobFile(server, smallSha)).equals(small)).toBe(true);
    expect(readdirSync(join(server.dataDir, 'blobs')).flatMap((d) => readdirSync(join(server.dataDir, 'blobs', d))).sort()).toEqual([bigSha, smallSha].sort());
    const stored = await fetch(new URL(`v1/blobs/${bigSha}`, server.url), { headers: { authorization: `Bearer ${credentialOf(app)}` } });
    expect(Buffer.from(await stored.arrayBuffer()).equals(big)).toBe(true);
  });

  it('another device of the organisation with a file the server already has does not send it again', async () => {
    const { app, server, proxy, orgId } = await setup();
    const bytes = randomBytes(50_000);
    const sha = attachFile(app, bytes);
    await app.must('entries.create', incoming('ไฟล์เดียวกัน'));
    reference(app, 1, [{ sha, size: bytes.length }]);
    await app.must('sync.now', {});
    const other = openTestApp();
    cleanup.push(() => other.dispose());
    await enrol(other, proxy.url, await newCode(server, orgId));
    attachFile(other, bytes);
    await other.must('entries.create', incoming('อีกเครื่อง'));
    reference(other, 1, [{ sha, size: bytes.length }]);
    const before = proxy.forwarded.reduce((x, y) => x + y, 0);
    const status = await other.must('sync.now', {});
    expect(proxy.forwarded.reduce((x, y) => x + y, 0) - before).toBeLessThan(bytes.length); // the file was not sent
    // The other device's incoming book is held by the first: refused, but its file was never re-sent.
    expect(status.pending).toBe(0);
    expect(readdirSync(join(server.dataDir, 'blobs', sha.slice(0, 2)))).toEqual([sha]);
  });

  it('an entry registered with a file through the app arrives with its file, equal field by field', async () => {
    const { app, server } = await setup();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(300_000), Buffer.from('\n%%EOF\n')]);
    const begun = await app.must('attachments.stageBegin', { name: 'หนังสือราชการ.pdf', size: pdf.length });
    for (let offset = 0; offset < pdf.length; offset += begun.chunkBytes) {
      await app.must('attachments.stageChunk', { uploadId: begun.uploadId, offset, data: pdf.subarray(offset, offset + begun.chunkBytes).toString('base64') });
    }
    const staged = await app.must('attachments.stageFinish', { uploadId: begun.uploadId });
    const entry = await app.must('entries.create', { ...incoming('มีไฟล์แนบจริง'), attachments: [{ stagedId: staged.stagedId, description: 'หนังสือต้นเรื่อง' }] });
    expect(entry.attachments.map((a) => a.sha256)).toEqual([staged.sha256]);

    const status = await app.must('sync.now', {});
    expect([status.pending, status.rejected.length]).toEqual([0, 0]);
    expect(readFileSync(blobFile(server, staged.sha256)).equals(pdf)).toBe(true);
    const res = await fetch(new URL(`v1/entries/${entry.id}`, server.url), { headers: { authorization: `Bearer ${credentialOf(app)}` } });
    expect(await res.json()).toEqual(entry);
  });

  it('an entry whose file never arrived is not applied: the server asks for the file first', async () => {
    const { app, server } = await setup();
    const bytes = randomBytes(1000);
    const sha = attachFile(app, bytes);
    await app.must('entries.create', incoming('ไฟล์ยังไม่ถึง'));
    reference(app, 1, [{ sha, size: bytes.length }]);
    const client = new SyncClient({ baseUrl: server.url, credential: credentialOf(app) });
    const res = await client.push(outbox.toPushItems(outbox.pendingBatch(app.core.store, 10)));
    expect(res.results).toEqual([]);
    expect(res.missingBlob).toEqual({ seq: 1, sha256: sha });
    // The engine uploads it and the entry follows.
    await syncEngineFor(app.core).syncNow();
    expect(outbox.pendingCount(app.core.store)).toBe(0);
  });
});
