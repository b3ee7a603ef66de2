// A real HTTP host over a real register in a fresh data folder, as `npm run web` starts it.
import { rmSync } from 'node:fs';
import { inject } from 'vitest';
import { createDispatch } from '../../../src-main/api/dispatch.js';
import { createHandlers } from '../../../src-main/api/handlers.js';
import { openCore, type Core } from '../../../src-main/core.js';
import { startHost, type RunningHost } from '../../../src-main/host/server.js';
import { tempDir } from '../../support/core.js';

export interface E2EHost {
  dataDir: string;
  core: Core;
  host: RunningHost;
  /** The address a clerk opens: with the per-run token. */
  url: string;
  /** Stops the host and closes the register, then opens both again on the same data folder. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startE2EHost(options: { dataDir?: string; now?: () => Date } = {}): Promise<E2EHost> {
  const dataDir = options.dataDir ?? tempDir('saraban-e2e-');
  const rendererDir = inject('rendererDir');
  const open = async () => {
    const core = openCore({ dataDir, ...(options.now ? { now: options.now } : {}) });
    const host = await startHost({ dispatch: createDispatch(createHandlers(core)), rendererDir, port: 0 });
    return { core, host };
  };
  let current = await open();
  let stopped = false;
  const e2e: E2EHost = {
    dataDir,
    get core() {
      return current.core;
    },
    get host() {
      return current.host;
    },
    get url() {
      return `${current.host.url}?token=${current.host.token}`;
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
      current.core.close();
    },
    async dispose() {
      await e2e.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return e2e;
}
