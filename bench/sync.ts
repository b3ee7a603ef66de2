// Sync figures, on both engines the server runs on (PGlite by default; PostgreSQL 15 when its
// binaries are installed, started here as a throw-away server):
//  - time to push 10,000 pending entries to a local server process (target < 5 s on PGlite);
//  - the clerk-visible time to register one entry while a large push runs (target: unchanged,
//    < 2 ms), against the same measurement with no push running.
import { rmSync } from 'node:fs';
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

async function benchEngine(label: string, databaseUrl: string | undefined): Promise<void> {
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
  }
}

export async function run(): Promise<void> {
  await benchEngine('PGlite', undefined);
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    await benchEngine('PostgreSQL', url);
  } else if (postgresAvailable()) {
    const pg = startPostgres();
    try {
      await benchEngine('PostgreSQL 15', pg.url);
    } finally {
      pg.stop();
    }
  } else {
    console.log('(PostgreSQL 15 not installed: PostgreSQL figures skipped)');
  }
}
