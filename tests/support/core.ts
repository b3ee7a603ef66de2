// A fresh data folder and a real SQLite register per test, with a controllable clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatch } from '../../src-main/api/dispatch.js';
import { createHandlers } from '../../src-main/api/handlers.js';
import { openCore, type Core } from '../../src-main/core.js';
import type { InputOf, MethodName, OutputOf } from '../../src-shared/contract.js';
import type { Result } from '../../src-shared/result.js';

export function tempDir(prefix = 'saraban-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestApp {
  core: Core;
  dataDir: string;
  clock: { now: Date };
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  /** Calls and unwraps, failing the test with the Thai message on an error. */
  must<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  reopen(): TestApp;
  dispose(): void;
}

export function openTestApp(dataDir = tempDir(), start = new Date('2023-11-16T09:00:00+07:00')): TestApp {
  const clock = { now: start };
  const core = openCore({ dataDir, now: () => clock.now });
  const dispatch = createDispatch(createHandlers(core), () => undefined);
  const app: TestApp = {
    core,
    dataDir,
    clock,
    call: (method, input) => dispatch(method, input) as never,
    async must(method, input) {
      const r = await app.call(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
      return r.value;
    },
    reopen() {
      core.close();
      const again = openTestApp(dataDir, clock.now);
      return again;
    },
    dispose() {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return app;
}
