// The core of the desktop app: one open register and the context every handler works in.
// Electron and the HTTP host each create exactly one Core and put the same API in front of it.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openLocalDatabase } from './db/open.js';
import type { Store } from './db/store.js';
import { localMigrationsDir } from './paths.js';
import type { WriteContext } from './registers/entries.js';
import { getOffice } from './registers/office.js';

export interface CoreOptions {
  dataDir: string;
  now?: () => Date;
  migrationsDir?: string;
}

export class Core {
  private closed = false;

  constructor(
    readonly dataDir: string,
    readonly store: Store,
    readonly deviceId: string,
    readonly now: () => Date,
  ) {}

  /** The person shown in the header and recorded in versions (users arrive with their own issue). */
  actor(): string {
    return getOffice(this.store).userName;
  }

  writeContext(now: Date = this.now()): WriteContext {
    return { store: this.store, actor: this.actor(), deviceId: this.deviceId, now };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.store.sqlite.close();
  }
}

export function openCore({ dataDir, now = () => new Date(), migrationsDir = localMigrationsDir() }: CoreOptions): Core {
  mkdirSync(dataDir, { recursive: true });
  const { store } = openLocalDatabase({ file: join(dataDir, 'register.sqlite'), migrationsDir, now });
  let deviceId = store.getMeta('device_id');
  if (!deviceId) {
    deviceId = randomUUID();
    store.setMeta('device_id', deviceId);
  }
  return new Core(dataDir, store, deviceId, now);
}
