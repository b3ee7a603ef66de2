// The Electron shell: wiring only. Every decision it makes is a plain, unit-tested function in
// src-main/shell/ (who may call the API, where windows may go, which links open outside, the
// window and session options, the CSP, the menu), src-main/dataDir.ts (where the register
// lives), src-main/db/nativeBinding.ts (Electron's own better-sqlite3) and src-main/app.ts
// (opening the register and the background services). This folder is the only one that
// imports 'electron' (enforced by eslint).
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, net, protocol, session, shell, type MenuItemConstructorOptions, type Session, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../../src-shared/result.js';
import { defaultServices, startApp, type RunningApp } from '../app.js';
import { setSystemOpener } from '../attachments/service.js';
import { openCore, type Core } from '../core.js';
import { appHome, dataDirArgument, resolveDataDir } from '../dataDir.js';
import { nativeBindingPath } from '../db/nativeBinding.js';
import { useNativeBinding } from '../db/sqlite.js';
import { DomainError } from '../errors.js';
import { logDir, openAppLog, silentLog, type AppLog } from '../log.js';
import { appRoot, rendererDistDir } from '../paths.js';
import { appMenu, type MenuAction, type MenuSpec } from '../shell/appMenu.js';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, resolveAppRequest, SPLASH_URL } from '../shell/appProtocol.js';
import { externalOrigins, externalUrlAllowed, navigationAllowed } from '../shell/navigation.js';
import { isTrustedSender } from '../shell/trustedSender.js';
import { resetAdminDialog, resetAdminRequest, type ResetAdminOutcome } from '../shell/resetAdmin.js';
import { mainWindowOptions, permissionAllowed, PRINT_PARTITION } from '../shell/windowOptions.js';
import { readConfig as readSyncConfig } from '../sync/syncState.js';
import { resetAdminPassword } from '../users/users.js';
import { appVersion } from '../version.js';
import { defaultKeyFile, KeyFileVault, setCredentialVault } from '../sync/credentialVault.js';
import { ElectronPrinter } from './printer.js';
import { SafeStorageVault } from './safeStorageVault.js';

// Must happen before 'ready': app:// behaves as a standard, secure origin.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const startedAt = performance.now();
let running: RunningApp | null = null;
let appLog: AppLog = silentLog;
let mainWindow: BrowserWindow | null = null;
/** The login session of each window stays here: the renderer never holds it. */
const loginSessions = new Map<number, string>();

const liveMainWindowId = (): number | null => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.id : null);

/** The office's server (links to it may open in the browser). */
function serverUrl(): string | null {
  const core = running?.core();
  return core ? (readSyncConfig(core.store)?.serverUrl ?? null) : null;
}

const hardened = new WeakSet<Session>();
function hardenSession(s: Session): void {
  if (hardened.has(s)) return;
  hardened.add(s);
  s.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionAllowed(permission)));
  s.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
}

function guardContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (externalUrlAllowed(url, externalOrigins(serverUrl()))) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

async function serveApp(request: Request): Promise<Response> {
  const answer = resolveAppRequest(request.url, rendererDistDir());
  if (answer.kind === 'refuse') return new Response(null, { status: answer.status });
  try {
    return new Response(await readFile(answer.path), { headers: answer.headers });
  } catch {
    return new Response(null, { status: 404 });
  }
}

function toElectronMenu(spec: MenuSpec[], act: (action: MenuAction) => void): MenuItemConstructorOptions[] {
  return spec.map((top) => ({
    label: top.label,
    submenu: top.submenu.map((item): MenuItemConstructorOptions => {
      if ('type' in item) return { type: 'separator' };
      if ('role' in item) return { label: item.label, role: item.role, ...(item.accelerator ? { accelerator: item.accelerator } : {}) };
      return { label: item.label, ...(item.accelerator ? { accelerator: item.accelerator } : {}), click: () => act(item.action) };
    }),
  }));
}

function menuAction(action: MenuAction): void {
  if (action === 'guide') void mainWindow?.webContents.executeJavaScript("location.hash = '#/guide'");
  else void dialog.showMessageBox({ title: 'Saraban Desk', message: `Saraban Desk รุ่น ${appVersion()}`, detail: `Electron ${process.versions.electron ?? ''}` });
}

function handleApiCall(event: Electron.IpcMainInvokeEvent, method: unknown, input: unknown) {
  const frame = event.senderFrame;
  const trusted = isTrustedSender({
    senderId: event.sender.id,
    mainWindowId: liveMainWindowId(),
    frame: frame ? { url: frame.url, isMainFrame: frame.parent === null } : null,
  });
  if (!trusted) return fail('forbidden', 'ไม่อนุญาต');
  if (!running) return fail('internal', 'กำลังเปิดทะเบียน กรุณารอสักครู่');
  const windowId = event.sender.id;
  return running.dispatch(method, input, {
    sessionId: loginSessions.get(windowId) ?? null,
    bindSession: (id) => (id ? loginSessions.set(windowId, id) : loginSessions.delete(windowId)),
  });
}

function useElectronSqlite(): void {
  useNativeBinding(
    nativeBindingPath({
      electronVersion: process.versions.electron,
      packaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appRoot: appRoot(),
      platform: process.platform,
      arch: process.arch,
    }),
  );
}

async function resetAdmin(core: Core, username: string | null): Promise<ResetAdminOutcome> {
  try {
    return { ok: true, ...(await resetAdminPassword(core, username)) };
  } catch (error) {
    return { ok: false, error };
  }
}

async function showResetAdmin(outcome: ResetAdminOutcome): Promise<void> {
  const d = resetAdminDialog(outcome);
  const options = { type: d.type, title: d.title, message: d.message, detail: d.detail, buttons: d.buttons, defaultId: 0, noLink: true };
  const parent = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  if (d.copy !== null && response === 0) clipboard.writeText(d.copy);
}

/** `--reset-admin` with the app closed: open the register, reset, show the password, quit; no window. */
async function resetAdminOnly(username: string | null): Promise<void> {
  await app.whenReady();
  useElectronSqlite();
  let outcome: ResetAdminOutcome;
  try {
    const core = openCore({ dataDir: resolveDataDir(dataDirArgument(process.argv)).dir });
    try {
      outcome = await resetAdmin(core, username);
    } finally {
      core.close();
    }
  } catch (error) {
    outcome = { ok: false, error };
  }
  await showResetAdmin(outcome);
  app.quit();
}

async function start(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronMenu(appMenu({ packaged: app.isPackaged }), menuAction)));
  app.on('session-created', hardenSession);
  hardenSession(session.defaultSession);
  hardenSession(session.fromPartition(PRINT_PARTITION));
  protocol.handle(APP_SCHEME, serveApp);
  ipcMain.handle('saraban:api', handleApiCall);
  // "Open with the system's program" gets a copy under <data>/exports, never the stored original.
  setSystemOpener((path) => void shell.openPath(path));

  // The window shows at once with the splash; the register opens after it has painted.
  const win = new BrowserWindow(mainWindowOptions({ preload: join(import.meta.dirname, 'preload.cjs'), packaged: app.isPackaged }));
  mainWindow = win;
  win.webContents.on('destroyed', () => loginSessions.clear());
  await win.loadURL(SPLASH_URL);

  useElectronSqlite();
  const home = appHome();
  const logs = logDir(home);
  const log = await openAppLog(logs).catch(() => silentLog);
  appLog = log;
  log.info('main', 'เริ่มโปรแกรม', { version: appVersion(), electron: process.versions.electron, packaged: app.isPackaged, splashMs: Math.round(performance.now() - startedAt) });
  const { dir, source } = resolveDataDir(dataDirArgument(process.argv));
  // The updater is loaded only in an installed build; it learns the feed from the server later.
  const updates = app.isPackaged ? await import('./updates.js') : null;
  const opening = performance.now();
  running = startApp({
    dataDir: dir,
    dataDirSource: source,
    home,
    logDir: logs,
    updates: updates ? { state: updates.updateState, installNow: updates.installUpdateNow } : null,
    log: (e) => log.error('core', 'คำสั่งล้มเหลว', e),
    // Reports print through a hidden window and the system print dialog (./printer.ts).
    printer: new ElectronPrinter(),
    services: [
      {
        // Before sync: the device credential is sealed with Windows DPAPI, not a key file.
        name: 'credential-vault',
        start: (core) => {
          if (SafeStorageVault.available()) setCredentialVault(core.store, new SafeStorageVault(new KeyFileVault(defaultKeyFile(core.dataDir))));
          return () => undefined;
        },
      },
      ...defaultServices({
      sync: {
        // Sync goes through Chromium's network stack: the office's proxy and Windows' certificates.
        fetch: (input, init) => net.fetch(input instanceof URL ? input.toString() : input, init),
        onCycle: (outcome) => (outcome.ok ? log.info('sync', 'ส่ง/รับข้อมูลแล้ว', outcome) : log.warn('sync', outcome.message, { offline: outcome.offline })),
        },
      }),
    ],
  });
  log.info('core', 'เปิดทะเบียน', { mode: running.mode(), ms: Math.round(performance.now() - opening), dataDirSource: source });
  // The quick check runs in a worker after the open (src-main/db/backgroundCheck.ts): its outcome goes to the log.
  void running.integrity().then((o) => log.info('core', 'ตรวจสอบฐานข้อมูลเบื้องหลังเสร็จ', { state: o.state, ms: Math.round(performance.now() - opening) }));
  const failure = running.failure();
  if (failure) {
    // Locked, no rights, wrong native module: say so and leave the file alone (no recovery).
    log.error('core', 'เปิดทะเบียนไม่ได้', failure);
    await win.loadURL(`${SPLASH_URL}#failed=${encodeURIComponent(failure.thaiMessage)}`);
    return;
  }
  await win.loadURL(APP_ENTRY_URL);
  log.info('main', 'พร้อมใช้งาน', { ms: Math.round(performance.now() - startedAt) });
  updates?.startUpdates(serverUrl, log);
}

if (!app.requestSingleInstanceLock()) {
  // Two copies of the app on one register would both allocate numbers: keep one.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    // The Start menu's reset while the app is open: this process holds the register, so it resets.
    const reset = resetAdminRequest(argv);
    const core = running?.core();
    if (reset && core) void resetAdmin(core, reset.username).then(showResetAdmin);
    // The open app could not open the register: the same reason it shows, not a retry.
    else if (reset) void showResetAdmin({ ok: false, error: running?.failure() ?? new DomainError('conflict', 'ทะเบียนยังเปิดไม่เสร็จ ลองอีกครั้งในครู่เดียว') });
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => guardContents(contents));
  app.on('window-all-closed', () => {
    const closing = running;
    running = null;
    appLog.info('main', 'ปิดโปรแกรม');
    void (closing ? closing.stop() : Promise.resolve()).finally(() => void appLog.flush().finally(() => app.quit()));
  });
  const reset = resetAdminRequest(process.argv);
  void (reset ? resetAdminOnly(reset.username) : start());
}
