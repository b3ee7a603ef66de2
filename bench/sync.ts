// Sync figures, on both engines the server runs on (PGlite by default; PostgreSQL 15 when its
// binaries are installed, started here as a throw-away server):
//  - time to push 10,000 pending entries to a local server process (target < 5 s on PGlite);
//  - the clerk-visible time to register one entry while a large push runs (target: unchanged,
//    < 2 ms), against the same measurement with no push running;
//  - on PostgreSQL, 100 offices pushing at once (BENCH_SYNC_ORGS, BENCH_SYNC_PER_ORG), and one
//    office's small pull meanwhile.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openTestApp, type TestApp } from '../tests/support/core.js';
import { incoming, outgoing } from '../tests/support/entries.js';
import { postgresAvailable, startPostgres } from '../tests/support/server/postgres.js';
import { createOrg, enrol, startServer, type ServerProcess } from '../tests/support/server/centralServer.js';
import * as outbox from '../src-main/sync/outbox.js';
import { syncEngineFor } from '../src-main/sync/index.js';
import { createEntry } from '../src-main/registers/entries.js';
import { entryFields } from '../src-shared/schemas.js';
import { report, reportOnce, summarize } from './stats.js';

const N = Number(process.env.BENCH_SYNC_ENTRIES ?? 10_000);

function registerOffline(app: TestApp, n: number): void {
  const ctx = () => app.core.writeContext();
  for (let i = 0; i < n; i++) {
    createEntry(ctx(), entryFields.parse(i % 2 === 0 ? incoming(`เรื่องทดสอบ ${i}`) : outgoing(`เรื่องทดสอบ ${i}`)));
  }
}

/** Registers one entry every ~10 ms through the app's dispatch until `until` resolves. */
async function registerWhile(app: TestApp, until: Promise<unknown> | null, count: number): Promise<number[]> {
  const samples: number[] = [];
  let done = false;
  void until?.finally(() => (done = true));
  for (let i = 0; (until ? !done : true) && i < count; i++) {
    await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    await app.must('entries.create', incoming(`ระหว่างส่ง ${i}`));
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function benchEngine(label: string, baseUrl: string | undefined): Promise<void> {
  const databaseUrl = baseUrl ? await freshDatabase(baseUrl) : undefined;
  const server: ServerProcess = await startServer({ databaseUrl });
  const app = openTestApp();
  try {
    const { code } = await createOrg(server, 'สพป.ทดสอบความเร็ว');
    await enrol(app, server.url, code);
    registerOffline(app, N);
    const engine = syncEngineFor(app.core);

    const t0 = performance.now();
    await engine.syncNow();
    const ms = performance.now() - t0;
    if (outbox.pendingCount(app.core.store) !== 0) throw new Error('the outbox did not empty');
    reportOnce(`[${label}] push ${N.toLocaleString('en-US')} pending entries`, ms, label === 'PGlite' ? 5000 : undefined);

    // Registering with no push running, then during a push of another N entries.
    const idle = await registerWhile(app, null, 200);
    report(`[${label}] register one entry, sync idle`, summarize(idle));
    registerOffline(app, N);
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const push = engine.syncNow();
    const busy = await registerWhile(app, push, 100_000);
    await push;
    lag.disable();
    report(`[${label}] register one entry during a ${N.toLocaleString('en-US')}-entry push`, summarize(busy), 2);
    console.log(
      `[${label}] event-loop delay during the push: p50 ${(lag.percentile(50) / 1e6).toFixed(2)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(2)} ms, max ${(lag.max / 1e6).toFixed(2)} ms`,
    );
  } finally {
    app.dispose();
    await server.kill();
    rmSync(server.dataDir, { recursive: true, force: true });
    if (baseUrl && databaseUrl) await dropDatabase(baseUrl, databaseUrl);
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 when gone. */
function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's processes: its postmaster and every child of it (the backends). */
async function postgresPids(url: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const backend = Number((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    const ppidOf = (pid: number) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    };
    const postmaster = ppidOf(backend);
    const pids = [postmaster];
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        if (ppidOf(Number(d)) === postmaster) pids.push(Number(d));
      } catch {
        // a process that ended while we looked
      }
    }
    return pids;
  } finally {
    await c.end();
  }
}

async function postgresCpuSeconds(url: string): Promise<number> {
  return (await postgresPids(url)).reduce((sum, pid) => sum + procCpuSeconds(pid), 0);
}

const load = (): string => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

/** A new empty database beside the given one, so a run never sees an earlier run's rows. */
async function freshDatabase(url: string): Promise<string> {
  const name = `bench_sync_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(url: string, fresh: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${new URL(fresh).pathname.slice(1)}`);
  } finally {
    await c.end();
  }
}

const ORGS = Number(process.env.BENCH_SYNC_ORGS ?? 100);
const PER_ORG = Number(process.env.BENCH_SYNC_PER_ORG ?? 500);

async function post<T>(url: string, path: string, body: unknown, credential?: string): Promise<T> {
  const res = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Many offices at once: ORGS organisations each push PER_ORG entries (batches of 250, as the
 * desktop does) at the same time, while one more office pulls small pages every 50 ms, as a
 * clerk's PC does between its own pushes. Targets: >= 5,000 entries/s; that pull's p95 < 200 ms.
 */
async function benchManyOffices(label: string, baseUrl: string): Promise<void> {
  const databaseUrl = await freshDatabase(baseUrl);
  // BENCH_SYNC_WRITERS: the server's --push-writers (default: its own choice from pool and cores).
  const writers = process.env.BENCH_SYNC_WRITERS ? ['--push-writers', process.env.BENCH_SYNC_WRITERS] : [];
  const server = await startServer({ databaseUrl, args: ['--pool-size', '20', '--log-level', 'warn', '--enrol-per-minute', '1000000', ...writers] });
  const app = openTestApp();
  try {
    // One real entry payload, as the desktop builds it, cloned with new ids and numbers.
    registerOffline(app, 1);
    const template = JSON.parse((outbox.pendingBatch(app.core.store, 1)[0] as outbox.OutboxRow).payload) as { entry: Record<string, unknown> } & Record<string, unknown>;
    const offices: string[] = [];
    for (let i = 0; i <= ORGS; i++) {
      // Set-up, not measured: one office at a time.
      const { code } = await createOrg(server, `สำนักงานทดสอบ ${i}`);
      offices.push((await post<{ credential: string }>(server.url, '/v1/enrol', { code, deviceName: `เครื่อง ${i}`, localDeviceId: randomUUID(), afterSeq: 0 })).credential);
    }
    const reader = offices.pop() as string;
    const pushOffice = async (credential: string) => {
      for (let from = 1; from <= PER_ORG; from += 250) {
        const items = [];
        for (let seq = from; seq < Math.min(PER_ORG + 1, from + 250); seq++) {
          const id = randomUUID();
          const payload = { ...template, entry: { ...template.entry, id, registerNo: seq, subject: `เรื่องทดสอบ ${seq}` } };
          items.push({ seq, key: randomUUID(), entity: 'entry', entityId: id, op: 'create', payload });
        }
        const res = await post<{ results: { status: string }[] }>(server.url, '/v1/push', { items }, credential);
        if (res.results.some((r) => r.status !== 'accepted')) throw new Error('an item was not accepted');
      }
    };
    let pushing = true;
    const pulls: number[] = [];
    const puller = (async () => {
      let cursor = 0;
      while (pushing) {
        const t0 = performance.now();
        const res = await fetch(new URL(`/v1/pull?after=${cursor}&limit=50`, server.url), { headers: { authorization: `Bearer ${reader}` } });
        cursor = ((await res.json()) as { cursor: number }).cursor;
        pulls.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const serverPid = server.proc.pid as number;
    const cpu0 = { server: procCpuSeconds(serverPid), postgres: await postgresCpuSeconds(databaseUrl), bench: process.cpuUsage() };
    const t0 = performance.now();
    await Promise.all(offices.map(pushOffice));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = {
      server: procCpuSeconds(serverPid) - cpu0.server,
      postgres: (await postgresCpuSeconds(databaseUrl)) - cpu0.postgres,
      bench: (() => {
        const u = process.cpuUsage(cpu0.bench);
        return (u.user + u.system) / 1e6;
      })(),
    };
    const loadAfter = load();
    pushing = false;
    await puller;
    const total = ORGS * PER_ORG;
    const rate = total / seconds;
    console.log(
      `[${label}] ${ORGS} offices pushing ${total.toLocaleString('en-US')} entries at once`.padEnd(58) +
        ` ${rate.toFixed(0).padStart(9)} entries/s  (target >= 5,000 entries/s: ${rate >= 5000 ? 'met' : 'MISSED'})  ${seconds.toFixed(1)} s wall`,
    );
    report(`[${label}] one office's small pull while they push`, summarize(pulls), 200);
    const perK = (s: number) => `${((s / total) * 1e6).toFixed(0)} ms/1,000 entries`;
    console.log(
      `[${label}] CPU during the push: server process ${cpu.server.toFixed(1)} s (${perK(cpu.server)}), PostgreSQL ${cpu.postgres.toFixed(1)} s (${perK(cpu.postgres)}), bench client ${cpu.bench.toFixed(1)} s; ${loadAfter}`,
    );
    // The figure the load of other work on the box does not move: entries per CPU-second the
    // server and PostgreSQL spent (the offices' PCs are other machines in production).
    console.log(`[${label}] ${(total / (cpu.server + cpu.postgres)).toFixed(0)} entries per CPU-second of server + PostgreSQL`);
  } finally {
    app.dispose();
    await server.kill();
    rmSync(server.dataDir, { recursive: true, force: true });
    await dropDatabase(baseUrl, databaseUrl);
  }
}

export async function run(): Promise<void> {
  // BENCH_SYNC_MANY_ONLY=1: only the many-offices figures (PostgreSQL).
  const manyOnly = process.env.BENCH_SYNC_MANY_ONLY === '1';
  if (!manyOnly) await benchEngine('PGlite', undefined);
  // BENCH_DATABASE_URL or DATABASE_URL: an existing PostgreSQL (each run makes and drops its own database).
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url) {
    if (!manyOnly) await benchEngine('PostgreSQL', url);
    await benchManyOffices('PostgreSQL', url);
  } else if (postgresAvailable()) {
    const pg = startPostgres();
    try {
      if (!manyOnly) await benchEngine('PostgreSQL 15', pg.url);
      await benchManyOffices('PostgreSQL 15', pg.url);
    } finally {
      pg.stop();
    }
  } else {
    console.log('(PostgreSQL 15 not installed: PostgreSQL figures skipped)');
  }
}
