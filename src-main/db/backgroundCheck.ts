// The register's quick check, off the clerk's path: a worker thread opens its own read-only
// connection and runs PRAGMA quick_check (every page is read: 8.7 s on a 1,000,000-entry
// register) while the main thread answers the clerk. WAL lets it read a consistent snapshot
// while the clerk writes. Only SQLite's own verdict counts as damage; a check that could not
// run (a worker that did not start, a missing native module) is "failed", never damage, so a
// healthy register is never sent to recovery by a broken checker.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { nativeBindingInUse } from './sqlite.js';

export type IntegrityOutcome = { state: 'ok' } | { state: 'damaged'; detail: string } | { state: 'failed'; detail: string };

export interface BackgroundCheck {
  readonly result: Promise<IntegrityOutcome>;
  /** Stops waiting: the outcome becomes "failed" and the thread ends when SQLite returns. */
  cancel(): void;
}

interface WorkerInput {
  file: string;
  /** better-sqlite3's entry file, resolved here: an eval'd worker has no module path of its own. */
  modulePath: string;
  /** Electron's own build (db/nativeBinding.ts); module state does not cross into a worker. */
  nativeBinding: string | null;
}

// Plain JavaScript, evaluated as the worker's script (CommonJS). A string rather than a .ts
// file: the same code then runs under vitest and tsx (TypeScript sources), the compiled app and
// Electron's asar without a loader or a bundler step for the worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db = null;
try {
  const Database = require(workerData.modulePath);
  const options = { readonly: true, fileMustExist: true };
  if (workerData.nativeBinding) options.nativeBinding = workerData.nativeBinding;
  db = new Database(workerData.file, options);
  db.pragma('busy_timeout = 5000');
  const rows = db.pragma('quick_check');
  const lines = rows.map((r) => String(Object.values(r)[0]));
  parentPort.postMessage({ kind: 'done', lines });
} catch (e) {
  parentPort.postMessage({ kind: 'error', code: e && e.code ? String(e.code) : '', message: e && e.message ? String(e.message) : String(e) });
} finally {
  try { if (db) db.close(); } catch {}
}
`;

type WorkerAnswer = { kind: 'done'; lines: string[] } | { kind: 'error'; code: string; message: string };

const isDamageCode = (code: string) => code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';

/** What SQLite's answer (or failure) means for the register. Exported for its unit test. */
export function integrityOutcome(answer: WorkerAnswer): IntegrityOutcome {
  if (answer.kind === 'done') {
    if (answer.lines.length === 1 && answer.lines[0] === 'ok') return { state: 'ok' };
    return { state: 'damaged', detail: answer.lines.slice(0, 5).join('; ') || 'quick_check gave no answer' };
  }
  return isDamageCode(answer.code) ? { state: 'damaged', detail: answer.message } : { state: 'failed', detail: `${answer.code} ${answer.message}`.trim() };
}

export function startBackgroundQuickCheck(file: string, opts: { nativeBinding?: string | null } = {}): BackgroundCheck {
  let settle: (o: IntegrityOutcome) => void = () => undefined;
  let settled = false;
  const result = new Promise<IntegrityOutcome>((resolve) => {
    settle = (o) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
  });
  let worker: Worker | null = null;
  try {
    const input: WorkerInput = {
      file,
      modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
      nativeBinding: opts.nativeBinding === undefined ? nativeBindingInUse() : opts.nativeBinding,
    };
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: input });
    worker = w;
    // Never keeps a process (a test, a CLI, the app quitting) alive for a check nobody awaits.
    w.unref();
    w.once('message', (m: WorkerAnswer) => settle(integrityOutcome(m)));
    w.once('error', (e) => settle({ state: 'failed', detail: e instanceof Error ? e.message : String(e) }));
    w.once('exit', (code) => settle({ state: 'failed', detail: `the check's thread ended (${code}) without an answer` }));
  } catch (e) {
    settle({ state: 'failed', detail: e instanceof Error ? e.message : String(e) });
  }
  return {
    result,
    cancel: () => {
      settle({ state: 'failed', detail: 'cancelled' });
      void worker?.terminate().catch(() => undefined);
    },
  };
}
