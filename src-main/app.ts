// One start-up and one lifecycle for every way the desktop core runs: Electron's main process,
// the browser host (`npm run web`) and the end-to-end tests all call startApp(). It opens the
// register; when SQLite says the file is damaged it answers the recovery API instead (restore a
// backup, export what can be read); when the file cannot be opened for another reason (locked,
// no rights, a wrong native module) it answers every call with that reason and touches nothing.
// The quick check does not hold up the clerk: it runs in a worker thread after the register
// opens (db/backgroundCheck.ts), and damage it finds, or SQLITE_CORRUPT met by any call, switches
// the running app to the recovery API at once; the renderer notices and tells the clerk.
// Background services (sync, backups, and whatever comes next) start and stop through one list.
import { fail } from '../src-shared/result.js';
import { createDispatch, type CallerChannel, type Dispatch } from './api/dispatch.js';
import { createHandlers } from './api/handlers.js';
import { startBackups } from './backup/backups.js';
import { startAuditWatch } from './users/auditWitnessCheck.js';
import { createRecoveryDispatch } from './backup/recovery.js';
import { openCore, type Core, type CoreOptions } from './core.js';
import { startBackgroundQuickCheck, type BackgroundCheck, type IntegrityOutcome } from './db/backgroundCheck.js';
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

/** The audit trail against its outside witnesses, at each start and daily (users/auditWitnessCheck.ts). */
export const auditWatchService: BackgroundService = {
  name: 'audit-watch',
  start: (core) => startAuditWatch(core),
};

/** What the desktop app runs while a register is open. */
export function defaultServices(opts: { sync?: SyncOptions } = {}): BackgroundService[] {
  return [syncService(opts.sync), backupService, auditWatchService];
}

export type AppMode = 'normal' | 'recovery' | 'unavailable';

/** The open register's quick check: still running in the background, passed, found damage, or could not run. */
export type IntegrityState = 'running' | 'ok' | 'damaged' | 'failed';

/** SQLite's own words for a damaged file, met by any call after the open. */
function isDamage(e: unknown): e is Error {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  return e instanceof Error && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

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
  /** The open register's quick check now. */
  integrityState(): IntegrityState;
  /**
   * Settles when the current quick check has finished and the app has acted on it (a damaged
   * register is in recovery mode by then). Resolves at once when the check ran at open.
   */
  integrity(): Promise<IntegrityOutcome>;
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
  let check: BackgroundCheck | null = null;
  let integrity: IntegrityState = 'ok';
  let checked: Promise<IntegrityOutcome> = Promise.resolve({ state: 'ok' });

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

  /**
   * Damage found after the open (by the background check or by a call): no further write may
   * land on the file. Calls go to the recovery API from this moment; the services stop and the
   * register closes behind them, so that the recovery screen can set the file aside.
   */
  const enterRecovery = async (detail: string) => {
    const damaged = core;
    if (!damaged) return;
    log(new Error(`the register is damaged: ${detail}`));
    normal = null;
    core = null;
    damage = detail;
    integrity = 'damaged';
    recovery = makeRecovery();
    check?.cancel();
    check = null;
    await stopServices();
    try {
      damaged.close();
    } catch (e) {
      log(e);
    }
  };

  const startCheck = (opened: Core) => {
    if (opened.checkedAtOpen) {
      integrity = 'ok';
      checked = Promise.resolve({ state: 'ok' });
      return;
    }
    const job = startBackgroundQuickCheck(join(opened.dataDir, 'register.sqlite'));
    check = job;
    integrity = 'running';
    checked = job.result.then(async (outcome) => {
      // A check of a register since closed (moved, restored, stopped) decides nothing.
      if (check !== job || core !== opened) return outcome;
      check = null;
      integrity = outcome.state;
      if (outcome.state === 'damaged') await enterRecovery(outcome.detail);
      else if (outcome.state === 'failed') log(new Error(`the background quick check could not run: ${outcome.detail}`));
      return outcome;
    });
  };

  /** Opens the register and starts the services; throws the classified open error. */
  const open = () => {
    const opened = openCore({ quickCheck: 'deferred', ...opts, dataDir });
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
      integrity: () => integrity,
    };
    core = opened;
    normal = createDispatch(opened, createHandlers(opened), (e) => {
      log(e);
      if (isDamage(e) && core === opened) void enterRecovery(e.message);
    });
    damage = null;
    failure = null;
    for (const s of services) running.push({ name: s.name, stop: s.start(opened) });
    startCheck(opened);
  };

  try {
    open();
  } catch (e) {
    const why = classifyOpenError(e, join(dataDir, 'register.sqlite'));
    if (why instanceof DatabaseDamagedError) damage = why.detail;
    else failure = why;
    integrity = why instanceof DatabaseDamagedError ? 'damaged' : 'failed';
    checked = Promise.resolve({ state: integrity, detail: why.detail });
  }

  const makeRecovery = () => createRecoveryDispatch({
    dataDir,
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
  let recovery = makeRecovery();

  relocateFn = async (to: string): Promise<MoveReport> => {
    if (!core || stopped) throw new DomainError('conflict', 'ย้ายโฟลเดอร์ข้อมูลได้เมื่อเปิดทะเบียนตามปกติเท่านั้น');
    checkMoveTarget(dataDir, to);
    const from = dataDir;
    moving = true;
    // The same users move with the register: whoever is logged in stays logged in.
    const sessions = (core as Core).sessions.snapshot();
    await stopServices();
    check?.cancel();
    check = null;
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
    integrityState: () => integrity,
    integrity: () => checked,
    dataDir: () => dataDir,
    relocate: (to: string) => relocateFn(to),
    stop: () => {
      stopped ??= (async () => {
        check?.cancel();
        check = null;
        await stopServices();
        (core as Core | null)?.close();
        await opts.printer?.close().catch(log);
      })();
      return stopped;
    },
  };
}
