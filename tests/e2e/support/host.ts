// A real HTTP host over a real register in a fresh data folder, as `npm run web` starts it.
// By default the register has its first admin (E2E_ADMIN): openPage() logs in through the real
// login form, and `session` lets API setup calls (pages/api.ts) act as that admin.
import { rmSync } from 'node:fs';
import { inject } from 'vitest';
import { openApp, type AppRuntime } from '../../../src-main/backup/recovery.js';
import type { Core } from '../../../src-main/core.js';
import { startHost, type RunningHost } from '../../../src-main/host/httpHost.js';
import { createUserDirect } from '../../../src-main/users/users.js';
import { setUpTestOffice, tempDir } from '../../support/core.js';
import { startSync, stopSync } from '../../../src-main/sync/index.js';

/** The first admin of every e2e register unless the test asks for a first start. */
export const E2E_ADMIN = { username: 'admin', displayName: 'นางสาวสารบรรณ ตั้งใจ', password: 'saraban-2566' } as const;

export interface E2EHost {
  dataDir: string;
  /** The open register (throws while the host is in recovery mode). */
  core: Core;
  runtime: AppRuntime;
  host: RunningHost;
  /** The address a clerk opens: with the per-run token. */
  url: string;
  /** A session of E2E_ADMIN for API calls made by the test itself (null without an admin). */
  session: string | null;
  /** Stops the host and closes the register, then opens both again on the same data folder. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

/** sync: run the background sync loop as `npm run web` does (it idles until a server is set). */
export async function startE2EHost(options: { dataDir?: string; now?: () => Date; firstStart?: boolean; sync?: boolean } = {}): Promise<E2EHost> {
  const dataDir = options.dataDir ?? tempDir('saraban-e2e-');
  const rendererDir = inject('rendererDir');
  let session: string | null = null;
  const open = async () => {
    const runtime = openApp({ dataDir, ...(options.now ? { now: options.now } : {}), log: () => undefined });
    const core = runtime.core();
    session = null;
    if (core && !options.firstStart) {
      setUpTestOffice(core);
      const existing = core.store.raw<{ id: number }>('SELECT id FROM users WHERE username = ?', [E2E_ADMIN.username])[0];
      const id = existing?.id ?? (await createUserDirect(core, { ...E2E_ADMIN, role: 'admin', canSeeSecret: true })).id;
      session = core.sessions.create(id).id;
    }
    if (core && options.sync) startSync(core);
    const host = await startHost({ dispatch: runtime.dispatch, rendererDir, port: 0 });
    return { runtime, host };
  };
  let current = await open();
  let stopped = false;
  const e2e: E2EHost = {
    dataDir,
    get core() {
      const core = current.runtime.core();
      if (!core) throw new Error('the e2e host is in recovery mode');
      return core;
    },
    get runtime() {
      return current.runtime;
    },
    get host() {
      return current.host;
    },
    get url() {
      return `${current.host.url}?token=${current.host.token}`;
    },
    get session() {
      return session;
    },
    async restart() {
      await e2e.stop();
      current = await open();
      stopped = false;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await current.host.close();
      const core = current.runtime.core();
      if (core) await stopSync(core);
      current.runtime.close();
    },
    async dispose() {
      await e2e.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return e2e;
}
