// The sync module's hook into the app: one SyncEngine per open Core, kept beside it (core.ts
// stays unchanged). The Electron main process and the HTTP host call startSync(core) after
// opening the register and stopSync(core) before closing it; API handlers use syncEngineFor.
import type { Core } from '../core.js';
import { SyncEngine, type SyncOptions } from './engine.js';

const engines = new WeakMap<Core, SyncEngine>();

export function syncEngineFor(core: Core, opts?: SyncOptions): SyncEngine {
  let engine = engines.get(core);
  if (!engine) {
    engine = new SyncEngine(core, opts);
    engines.set(core, engine);
  }
  return engine;
}

/** Starts the background loop (it idles until a server is configured). */
export function startSync(core: Core, opts?: SyncOptions): SyncEngine {
  const engine = syncEngineFor(core, opts);
  engine.start();
  return engine;
}

export async function stopSync(core: Core): Promise<void> {
  await engines.get(core)?.stop();
}

export { SyncEngine, backoffDelay, type SyncOptions } from './engine.js';
export { KeyFileVault, setCredentialVault, type CredentialVault } from './credentialVault.js';
