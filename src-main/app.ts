// One start-up and one lifecycle for every way the desktop core runs: Electron's main process,
// the browser host (`npm run web`) and the end-to-end tests all call startApp(). It opens the
// register; when SQLite says the file is damaged it answers the recovery API instead (restore a
// backup, export what can be read); when the file cannot be opened for another reason (locked,
// no rights, a wrong native module) it answers every call with that reason and touches nothing.
// Background services (sync, backups, and whatever comes next) start and stop through one list.
import { fail } from '../src-shared/result.js';
import { createDispatch, type CallerChannel, type Dispatch } from './api/dispatch.js';
import { createHandlers } from './api/handlers.js';
import { startBackups } from './backup/backups.js';
import { createRecoveryDispatch } from './backup/recovery.js';
import { openCore, type Core, type CoreOptions } from './core.js';
import { DatabaseDamagedError, type RegisterOpenError } from './db/open.js';
import { classifyOpenError } from './db/openErrors.js';
import { startSync, stopSync, type SyncOptions } from './sync/index.js';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultKeyFile } from './sync/credentialVault.js';
import type { DataDirSource } from '../src-shared/desktopSchemas.js';
import { appHome, defaultDataDir } from './dataDir.js';
import { checkMoveTarget, copyDataDir, switchDataDir, type MoveReport } from './dataMove.js';
import type { UpdatesPort } from './desktop/port.js';
import { appendAudit } from './users/audit.js';
import { DomainError } from './errors.js';

/** A background job that runs while a register is open. */
export interface BackgroundService {
  readonly name: string;
  /** Starts work on the open register; returns how to stop it. */
  start(core: Core): () => void | Promise<void>;
}

export const syncService = (opts?: SyncOptions): BackgroundService => ({
  name: 'sync',
  start: (core) => {
    // The loop idles until a server is configured (ตั้งค่าระบบ › เชื่อมต่อเครื่องแม่ข่าย).
    startSync(core, opts);
    return () => stopSync(core);
  },
});

export const backupService: BackgroundService = {
  name: 'backups',
  start: (core) => startBackups(core),
};

/** What the desktop app runs while a register is open. */
export function defaultServices(opts: { sync?: SyncOptions } = {}): BackgroundService[] {
  return [syncService(opts.sync), backupService];
}

export type AppMode = 'normal' | 'recovery' | 'unavailable';

export interface AppOptions extends CoreOptions {
  /** Started in order after each open (start-up, or a restore from recovery), stopped in reverse. */
  services?: readonly BackgroundService[];
  log?: (e: unknown) => void;
  /** The app's home folder (the data-folder pointer); default: dataDir.ts appHome(). */
  home?: string;
  /** How dataDir was chosen (src-main/dataDir.ts resolveDataDir); 'argument' when not said. */
  dataDirSource?: DataDirSource;
  /** Electron's updater; null elsewhere. */
  updates?: UpdatesPort | null;
  logDir?: string | null;
}

export interface RunningApp {
  /** Always the current API: normal, recovery, or one that only says why the register is shut. */
  dispatch: Dispatch;
  mode(): AppMode;
  /** The open register; null in recovery or unavailable mode. */
  core(): Core | null;
  /** Why the register is damaged (recovery mode). */
  damage(): string | null;
  /** Why the register could not be opened, when it is not damage (unavailable mode). */
  failure(): RegisterOpenError | null;
  /** The folder the open register lives in (changes after relocate). */
  dataDir(): string;
  /**
   * Moves the register to another folder: stops the services, closes the register, copies and
   * verifies (src-main/dataMove.ts), switches the pointer in the app's home, reopens there. On
   * any failure it reopens the old folder and throws; the old folder is never changed.
   */
  relocate(to: string): Promise<MoveReport>;
  /** Stops the services, closes the register and the injected printer. Safe to call twice. */
  stop(): Promise<void>;
}

export function startApp(opts: AppOptions): RunningApp {
  const log = opts.log ?? console.error;
  const services = opts.services ?? [];
  let core: Core | null = null;
  let normal: Dispatch | null = null;
  let damage: string | null = null;
  let failure: RegisterOpenError | null = null;
  const running: { name: string; stop: () => void | Promise<void> }[] = [];
  let stopped: Promise<void> | null = null;
  let dataDir = opts.dataDir;
  /** While the register is being moved, calls wait outside (never the recovery API). */
  let moving = false;

  const stopServices = async () => {
    for (const s of running.splice(0).reverse()) {
      try {
        await s.stop();
      } catch (e) {
        log(e);
      }
    }
  };

  const home = opts.home ?? appHome();
  let relocateFn: (to: string) => Promise<MoveReport> = async () => {
    throw new DomainError('conflict', 'ยังย้ายโฟลเดอร์ข้อมูลไม่ได้');
  };
  let source: DataDirSource = opts.dataDirSource ?? 'argument';

  /** Opens the register and starts the services; throws the classified open error. */
  const open = () => {
    const opened = openCore({ ...opts, dataDir });
    opened.desktop = {
      dataDir: () => dataDir,
      get dataDirSource() {
        return source;
      },
      defaultDataDir: defaultDataDir(),
      relocate: (to) => relocateFn(to),
      updates: opts.updates ?? null,
      logDir: opts.logDir ?? null,
      mode: () => mode(),
    };
    core = opened;
    normal = createDispatch(opened, createHandlers(opened), log);
    damage = null;
    failure = null;
    for (const s of services) running.push({ name: s.name, stop: s.start(opened) });
  };

  try {
    open();
  } catch (e) {
    const why = classifyOpenError(e, join(dataDir, 'register.sqlite'));
    if (why instanceof DatabaseDamagedError) damage = why.detail;
    else failure = why;
  }

  const recovery = createRecoveryDispatch({
    dataDir: opts.dataDir,
    damage: () => damage,
    reopen: () => {
      try {
        open();
      } catch (e) {
        damage = e instanceof Error ? e.message : String(e);
        throw e;
      }
    },
    core: () => core,
    log,
  });

  relocateFn = async (to: string): Promise<MoveReport> => {
    if (!core || stopped) throw new DomainError('conflict', 'ย้ายโฟลเดอร์ข้อมูลได้เมื่อเปิดทะเบียนตามปกติเท่านั้น');
    checkMoveTarget(dataDir, to);
    const from = dataDir;
    moving = true;
    // The same users move with the register: whoever is logged in stays logged in.
    const sessions = (core as Core).sessions.snapshot();
    await stopServices();
    (core as Core).close();
    core = null;
    normal = null;
    try {
      const report = await copyDataDir(from, to);
      // The browser host seals the device credential with a key file named after the data
      // folder (sync/credentialVault.ts): it follows the register, or sync would need a new code.
      const oldKey = defaultKeyFile(from);
      const newKey = defaultKeyFile(to);
      if (existsSync(oldKey) && !existsSync(newKey)) {
        mkdirSync(dirname(newKey), { recursive: true, mode: 0o700 });
        copyFileSync(oldKey, newKey);
      }
      switchDataDir(home, to);
      dataDir = to;
      source = 'chosen';
      open();
      (core as unknown as Core).sessions.adopt(sessions);
      // Recorded in the register at its new place: the old folder is left exactly as it was.
      appendAudit((core as unknown as Core).store, { action: 'settings', entity: 'data-folder', entityId: null, after: { from, to, entries: report.entries, attachments: report.attachments } });
      return report;
    } catch (e) {
      dataDir = from;
      if (!core) {
        open();
        (core as unknown as Core).sessions.adopt(sessions);
      }
      throw e;
    } finally {
      moving = false;
    }
  };

  const unavailable: Dispatch = async () => fail('internal', failure?.thaiMessage ?? 'เปิดฐานข้อมูลทะเบียนไม่ได้');

  const mode = (): AppMode => (normal ? 'normal' : failure ? 'unavailable' : 'recovery');

  return {
    dispatch: async (method: unknown, input: unknown, channel?: CallerChannel) => {
      if (moving) return fail('conflict', 'กำลังย้ายโฟลเดอร์ข้อมูล กรุณารอสักครู่แล้วลองอีกครั้ง');
      if (normal) return normal(method, input, channel);
      return failure ? unavailable(method, input, channel) : recovery(method, input, channel);
    },
    mode,
    core: () => core,
    damage: () => damage,
    failure: () => failure,
    dataDir: () => dataDir,
    relocate: (to: string) => relocateFn(to),
    stop: () => {
      stopped ??= (async () => {
        await stopServices();
        (core as Core | null)?.close();
        await opts.printer?.close().catch(log);
      })();
      return stopped;
    },
  };
}
