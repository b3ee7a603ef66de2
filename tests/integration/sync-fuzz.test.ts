// A fuzz run of the server's routes: 5,000 requests generated from a fixed seed (the same run
// every time, so a failure can be replayed), mixing valid shapes with hostile values — NUL, lone
// surrogates, numbers past int4 and int8, deep nesting, wrong types, other organisations' ids,
// broken paths and headers. The server must never answer 5xx and must still sync afterwards.
// About 25 s on an idle 2-core box (the server answers one PGlite query at a time); the
// timeout leaves room for a machine shared with other work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as outbox from '../../src-main/sync/outbox.js';
import * as syncState from '../../src-main/sync/syncState.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { createOrg, credentialOf, enrol, newCode, serverEntries, startServer, type ServerProcess } from '../support/server/centralServer.js';

const SEED = 0x5a2ab4; // 5909172
const REQUESTS = 5000;
const PARALLEL = 8;

/** mulberry32: a tiny seeded PRNG, enough to replay a run exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let s: ServerProcess;
let a: TestApp;
let b: TestApp; // another organisation
let f: TestApp; // the fuzzer's own device in a's organisation (its seqs are the fuzzer's to spoil)
const apps: TestApp[] = [];

beforeAll(async () => {
  // The fuzzer's wrong credentials would soon be throttled (429): the limits are tested elsewhere.
  s = await startServer({ args: ['--log-level', 'warn', '--auth-failures-per-minute', '1000000', '--enrol-per-minute', '1000000'] });
  a = openTestApp();
  b = openTestApp();
  f = openTestApp();
  apps.push(a, b, f);
  const org = await createOrg(s, 'สพป.ทดสอบฟัซ เขต 1');
  await enrol(a, s.url, org.code);
  await enrol(f, s.url, await newCode(s, org.orgId));
  await enrol(b, s.url, (await createOrg(s, 'โรงเรียนทดสอบฟัซ', 'school')).code);
  for (let i = 0; i < 3; i++) await a.must('entries.create', incoming(`ฟัซ ${i}`));
  await a.must('sync.now', {});
  await b.must('entries.create', incoming('ของโรงเรียน'));
  await b.must('sync.now', {});
});

afterAll(async () => {
  for (const app of apps) app.dispose();
  await s?.kill();
});

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

/** Percent-encodes every UTF-8 byte (a lone surrogate becomes U+FFFD's bytes, never a throw). */
const enc = (v: string): string => Array.from(Buffer.from(v, 'utf8'), (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

function generator(rand: () => number, ctx: { cred: string; otherCred: string; entryIds: string[]; otherEntryId: string; deviceIds: string[]; template: unknown }) {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const chance = (p: number) => rand() < p;
  const nasty: unknown[] = [
    '', '\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\u0007', '\u202e', 'ก'.repeat(5000), "' OR 1=1 --", '../../etc/passwd', '%00', '\\', '😀',
    -1, 0, 1, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, 0.5, 2566, 2700, 9999,
    null, true, false, [], {}, [null], { '\u0000': 1 }, { __proto__: { x: 1 } }, { constructor: { prototype: 1 } },
  ];
  const deep = (n: number): unknown => (n === 0 ? 'ลึก' : chance(0.5) ? [deep(n - 1)] : { d: deep(n - 1) });
  const value = (): unknown => (chance(0.08) ? deep(Math.floor(rand() * 200)) : pick(nasty));
  const mutate = (v: unknown, depth = 0): unknown => {
    if (depth > 4 || chance(0.15)) return value();
    if (Array.isArray(v)) return v.map((x) => (chance(0.3) ? mutate(x, depth + 1) : x));
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      for (const k of Object.keys(o)) if (chance(0.25)) o[k] = mutate(o[k], depth + 1);
      if (chance(0.1)) o[String(pick(nasty))] = value();
      if (chance(0.1)) delete o[pick(Object.keys(o))];
      return o;
    }
    return chance(0.5) ? value() : v;
  };
  const segment = (): string =>
    pick([
      enc(String(pick(nasty)).slice(0, 50)),
      pick(ctx.entryIds),
      ctx.otherEntryId,
      '%00',
      '%E0%B8',
      '%ED%A0%80',
      '%',
      'a'.repeat(64),
      '0'.repeat(63) + 'g',
      '..%2F..%2F',
      String(Math.floor(rand() * 1e6)),
    ]);
  const auth = (): Record<string, string> => {
    const r = rand();
    if (r < 0.75) return { authorization: `Bearer ${ctx.cred}` };
    if (r < 0.85) return { authorization: `Bearer ${ctx.otherCred}` };
    if (r < 0.9) return { authorization: `Bearer sdc_${'A'.repeat(43)}` };
    if (r < 0.95) return { authorization: pick(['Bearer', 'Basic abc', 'Bearer sdc_\u00e9', `Bearer ${'x'.repeat(300)}`]) };
    return {};
  };
  const json = (v: unknown): Pick<Req, 'body' | 'headers'> => ({ body: JSON.stringify(v) ?? 'null', headers: { 'content-type': 'application/json' } });
  const item = (seq: unknown) => (chance(0.6) ? mutate({ ...(ctx.template as object), seq }) : mutate({ seq, key: value(), entity: 'entry', entityId: value(), op: 'create', payload: value() }));
  const query = (keys: string[]) =>
    keys
      .filter(() => chance(0.7))
      .map((k) => `${k}=${pick([enc(String(pick(nasty)).slice(0, 40)), '%00', String(Math.floor(rand() * 100)), '-5', '1e99', '', 'abc'])}`)
      .join('&');

  return (): Req => {
    const kind = Math.floor(rand() * 12);
    switch (kind) {
      case 0:
      case 1:
      case 2: {
        const n = 1 + Math.floor(rand() * 5);
        const items = Array.from({ length: n }, () => item(chance(0.7) ? 1 + Math.floor(rand() * 10) : value()));
        const body = chance(0.9) ? { items } : mutate({ items });
        const j = json(body);
        if (chance(0.05)) j.body = (j.body as string).slice(0, Math.floor(rand() * (j.body as string).length));
        return { method: 'POST', path: '/v1/push', headers: { ...auth(), ...j.headers }, body: j.body };
      }
      case 3:
        return { method: 'GET', path: `/v1/pull?${query(['after', 'limit', 'ackFloor'])}`, headers: auth() };
      case 4:
        return { method: 'GET', path: `/v1/entries?${query(['after', 'limit'])}`, headers: auth() };
      case 5:
        return { method: 'GET', path: `/v1/entries/${segment()}`, headers: auth() };
      case 6: {
        const j = json(mutate({ kind: 'incoming', year: 2566, toDeviceId: pick(ctx.deviceIds), throughSeq: 0 }));
        return { method: 'POST', path: '/v1/books/handover', headers: { ...auth(), ...j.headers }, body: j.body };
      }
      case 7: {
        const j = json(mutate({ code: 'ABCD-EFGH-JKLM', deviceName: 'เครื่อง', localDeviceId: 'x', afterSeq: 0 }));
        return { method: 'POST', path: '/v1/enrol', headers: j.headers, body: j.body };
      }
      case 8: {
        const len = Math.floor(rand() * 300);
        const headers: Record<string, string> = { ...auth(), 'content-type': pick(['application/octet-stream', 'text/plain', 'application/json']) };
        if (chance(0.9)) headers['upload-offset'] = String(pick([0, 0, 0, 1, -1, 2 ** 53, 'x', len]));
        if (chance(0.9)) headers['upload-length'] = String(pick([len, len, 0, 2 ** 40, -3, 'abc', len + 1]));
        return { method: 'PUT', path: `/v1/blobs/${chance(0.7) ? 'b'.repeat(63) + pick(['0', '1', '2']) : segment()}`, headers, body: new Uint8Array(len) };
      }
      case 9:
        return { method: pick(['HEAD', 'GET']), path: `/v1/blobs/${segment()}`, headers: auth() };
      case 10:
        return { method: pick(['GET', 'POST', 'DELETE', 'PATCH', 'OPTIONS']), path: `/${pick(['v1', 'admin', 'v2', 'x'])}/${segment()}`, headers: { ...auth(), 'x-admin-token': 'x' } };
      default: {
        const j = json(value());
        return { method: pick(['POST', 'GET']), path: pick(['/v1/org', '/v1/office-key', '/admin/orgs', '/admin/codes', '/admin/devices', '/health', '/v1/health']), headers: { ...auth(), ...(chance(0.5) ? j.headers : {}) }, ...(chance(0.5) ? { body: j.body } : {}) };
      }
    }
  };
}

describe('sync: fuzzing the server', () => {
  it(`${REQUESTS.toLocaleString('en-US')} generated requests (seed ${SEED}): never a 5xx, and the server still syncs`, { timeout: 180_000 }, async () => {
    // A real item to mutate: the school's entry (under the fuzzer's credential, another organisation's id).
    const rows = b.core.store.raw<outbox.OutboxRow>('SELECT seq, idempotency_key, entity, entity_id, op, payload, created_at FROM outbox');
    const entryIds = (await serverEntries(s.url, credentialOf(a))).map((e) => e.id as string);
    const template = outbox.toPushItems(rows)[0];
    const next = generator(prng(SEED), {
      cred: credentialOf(f),
      otherCred: credentialOf(b),
      entryIds,
      otherEntryId: b.core.store.raw<{ id: string }>('SELECT id FROM entries')[0]?.id as string,
      deviceIds: [syncState.readConfig(a.core.store)?.deviceId as string, syncState.readConfig(f.core.store)?.deviceId as string, syncState.readConfig(b.core.store)?.deviceId as string, 'nobody'],
      template,
    });
    const requests = Array.from({ length: REQUESTS }, next);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let i = 0;
    const worker = async () => {
      while (i < requests.length) {
        const n = i++;
        const r = requests[n] as Req;
        let status: number;
        try {
          const res = await fetch(new URL(r.path, s.url), { method: r.method, headers: r.headers, ...(r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD' ? { body: r.body } : {}) });
          status = res.status;
          const text = await res.text();
          if (status >= 500) failures.push(`#${n} ${r.method} ${r.path} ${JSON.stringify(r.headers)} body ${r.body?.length ?? 0} -> ${status} ${text.slice(0, 200)}`);
        } catch (e) {
          status = 0;
          failures.push(`#${n} ${r.method} ${r.path} -> ${(e as Error).message}`);
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(failures).toEqual([]);
    // The run reached the server's logic, not only its front door.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(500);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(500);
    expect(statuses.get(401) ?? 0).toBeGreaterThan(100);
    // Both organisations still sync, and nothing crossed between them.
    await a.must('entries.create', incoming('หลังฟัซ'));
    expect((await a.must('sync.now', {})).pending).toBe(0);
    expect((await b.must('sync.now', {})).pending).toBe(0);
    const mine = await serverEntries(s.url, credentialOf(a));
    expect(mine.map((e) => e.subject)).toContain('หลังฟัซ');
    expect((await serverEntries(s.url, credentialOf(b))).map((e) => e.subject)).toContain('ของโรงเรียน');
    const health = (await (await fetch(new URL('/health', s.url))).json()) as { serverErrors: number; requests: number };
    expect(health.serverErrors).toBe(0);
    // (Requests refused before routing, such as a malformed URL, are answered without the hooks.)
    expect(health.requests).toBeGreaterThan(REQUESTS / 2);
  });
});
