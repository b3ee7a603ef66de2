// The core of the desktop app: one open register and the context every handler works in.
// Electron and the HTTP host each create exactly one Core and put the same API in front of it.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openLocalDatabase } from './db/open.js';
import type { Store } from './db/store.js';
import { localMigrationsDir } from './paths.js';
import { compactHighWater, reconcileHighWater } from './registers/highWater.js';
import { mergeSearchIndexWhenIdle } from './registers/searchIndexMerge.js';
import type { WriteContext } from './registers/entries.js';
import type { DesktopPort } from './desktop/port.js';
import type { PdfPrinter } from './reports/pdfPrinter.js';
import { currentCaller } from './users/caller.js';
import { SessionStore } from './users/sessions.js';

/** Recorded as the actor of work no logged-in person did (scheduled backups, start-up). */
export const SYSTEM_ACTOR = 'ระบบ';

export interface CoreOptions {
  dataDir: string;
  now?: () => Date;
  migrationsDir?: string;
  /** The desktop app's printer (src-main/electron/printer.ts); without it, headless Chromium. */
  printer?: PdfPrinter;
  /** 'deferred': the app runs the quick check in the background (db/open.ts, db/backgroundCheck.ts). */
  quickCheck?: 'at-open' | 'deferred';
}

export class Core {
  private closed = false;
  /** Logged-in sessions (in memory: a restart logs everyone out). */
  readonly sessions = new SessionStore();
  private readonly closeHooks: (() => void)[] = [];
  /** The copy taken before this start's migrations, if any (src-main/backup files it away). */
  migrationBackup: string | null = null;
  /** Whether the quick check already ran during this open (otherwise the app runs it in the background). */
  checkedAtOpen = true;
  /** Set by openCore from CoreOptions.printer; the report handlers fall back to Chromium. */
  printer: PdfPrinter | null = null;
  /** The running app around this register (src-main/app.ts sets it); null in bare tests. */
  desktop: DesktopPort | null = null;

  constructor(
    readonly dataDir: string,
    readonly store: Store,
    readonly deviceId: string,
    readonly now: () => Date,
  ) {}

  /** The person shown in the header and recorded in versions: the logged-in user of this call. */
  actor(): string {
    return currentCaller()?.user?.displayName ?? SYSTEM_ACTOR;
  }

  /** Runs when the core closes (the backup scheduler stops here). */
  onClose(fn: () => void): void {
    this.closeHooks.push(fn);
  }

  writeContext(now: Date = this.now()): WriteContext {
    return { store: this.store, actor: this.actor(), deviceId: this.deviceId, now };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.closeHooks.splice(0)) fn();
    this.sessions.clear();
    this.store.close();
  }
}

export function openCore({ dataDir, now = () => new Date(), migrationsDir = localMigrationsDir(), printer, quickCheck }: CoreOptions): Core {
  mkdirSync(dataDir, { recursive: true });
  const { store, backupFile, checked } = openLocalDatabase({ file: join(dataDir, 'register.sqlite'), migrationsDir, now, ...(quickCheck ? { quickCheck } : {}) });
  let deviceId: string;
  try {
    compactHighWater(store.sqlite.name);
    reconcileHighWater(store);
    const known = store.getMeta('device_id');
    deviceId = known || randomUUID();
    if (!known) store.setMeta('device_id', deviceId);
  } catch (e) {
    // The first reads: a damaged page here is damage (classified by the caller), and the file
    // must not stay open, or the recovery screen could not set it aside on Windows.
    store.close();
    throw e;
  }
  mergeSearchIndexWhenIdle(store);
  const core = new Core(dataDir, store, deviceId, now);
  core.printer = printer ?? null;
  core.migrationBackup = backupFile;
  core.checkedAtOpen = checked;
  return core;
}
