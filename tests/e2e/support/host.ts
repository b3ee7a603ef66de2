// A real HTTP host over a real register in a fresh data folder, as `npm run web` starts it.
// By default the register has its first admin (E2E_ADMIN): openPage() logs in through the real
// login form, and `session` lets API setup calls (pages/api.ts) act as that admin.
import { rmSync } from 'node:fs';
import { inject } from 'vitest';
import { startApp, syncService, type RunningApp } from '../../../src-main/app.js';
import type { Core } from '../../../src-main/core.js';
import { startHost, type RunningHost } from '../../../src-main/host/httpHost.js';
import { createUserDirect } from '../../../src-main/users/users.js';
import { setUpTestOffice, tempDir } from '../../support/core.js';

/** The first admin of every e2e register unless the test asks for a first start. */
export const E2E_ADMIN = { username: 'admin', displayName: 'นางสาวสารบรรณ ตั้งใจ', password: 'saraban-2566' } as const;

export interface E2EHost {
  dataDir: string;
  /** The open register (throws while the host is in recovery mode). */
  core: Core;
  runtime: RunningApp;
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
export async function startE2EHost(options: { dataDir?: string; now?: () => Date; firstStart?: boolean; sync?: boolean; home?: string } = {}): Promise<E2EHost> {
  const dataDir = options.dataDir ?? tempDir('saraban-e2e-');
  const rendererDir = inject('rendererDir');
  let session: string | null = null;
  // Where the register is now: a move from ตั้งค่าระบบ changes it, a restart keeps it.
  let activeDataDir = dataDir;
  const open = async () => {
    // The same start-up as `npm run web` (src-main/app.ts); backups stay off in tests.
    // home: the app's own folder (the data-folder pointer), as %LOCALAPPDATA%\SarabanDesk is.
    const runtime = startApp({
      dataDir: activeDataDir,
      ...(options.now ? { now: options.now } : {}),
      ...(options.home ? { home: options.home, dataDirSource: 'default' as const } : {}),
      log: () => undefined,
      services: options.sync ? [syncService()] : [],
    });
    if (runtime.mode() === 'unavailable') throw new Error(runtime.failure()?.message);
    const core = runtime.core();
    session = null;
    if (core && !options.firstStart) {
      setUpTestOffice(core);
      const existing = core.store.raw<{ id: number }>('SELECT id FROM users WHERE username = ?', [E2E_ADMIN.username])[0];
      const id = existing?.id ?? (await createUserDirect(core, { ...E2E_ADMIN, role: 'admin', canSeeSecret: true })).id;
      session = core.sessions.create(id).id;
    }
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
      activeDataDir = current.runtime.dataDir();
      await current.host.close();
      await current.runtime.stop();
    },
    async dispose() {
      await e2e.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return e2e;
}
