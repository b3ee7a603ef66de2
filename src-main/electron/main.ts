// The Electron shell: one hardened window, the contract on one IPC channel, the updater.
// This folder is the only place that imports 'electron' (enforced by eslint).
import { app, BrowserWindow, ipcMain, session, shell, type WebContents } from 'electron';
import electronUpdater from 'electron-updater';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setSystemOpener } from '../attachments/service.js';
import { startBackups } from '../backup/backups.js';
import { startAuditWatch } from '../users/auditWitnessCheck.js';
import { openApp, type AppRuntime } from '../backup/recovery.js';
import type { Core } from '../core.js';
import { DatabaseDamagedError } from '../db/open.js';
import { CSP } from '../host/httpHost.js';
import { rendererDistDir } from '../paths.js';
import { ElectronPrinter } from './printer.js';
import { startSync, stopSync } from '../sync/index.js';

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

const rendererIndex = (): string => join(rendererDistDir(), 'index.html');
const rendererUrl = (): string => pathToFileURL(rendererIndex()).toString();

/** Only our own window's top frame may call the API. */
function trustedSender(sender: WebContents, frameUrl: string | undefined): boolean {
  return mainWindow !== null && sender.id === mainWindow.webContents.id && frameUrl === rendererUrl();
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 860,
    title: 'Saraban Desk',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // No navigation away from the app and no new windows; external links go to the browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl()) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadFile(rendererIndex());
  return win;
}

function harden(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  harden();
  // "Open with the system's program" gets a copy under <data>/exports, never the stored original.
  setSystemOpener((path) => {
    void shell.openPath(path);
  });
  let runtime: AppRuntime;
  try {
    // A damaged register opens the recovery screen instead (src-main/backup/recovery.ts).
    runtime = openApp({
      dataDir: join(app.getPath('userData'), 'data'),
      // Reports print through a hidden window and the system print dialog (./printer.ts).
      printer: new ElectronPrinter(),
      onCore: (opened) => {
        core = opened;
        // Sync runs in the background whenever a server is configured (src-main/sync/).
        startSync(opened);
        startBackups(opened);
        // The audit trail against its witnesses, at start and daily.
        startAuditWatch(opened);
      },
    });
  } catch (e) {
    const { dialog } = await import('electron');
    const detail = e instanceof DatabaseDamagedError ? 'ฐานข้อมูลทะเบียนเสียหาย' : 'เปิดฐานข้อมูลทะเบียนไม่ได้';
    dialog.showErrorBox('Saraban Desk', `${detail}\n${e instanceof Error ? e.message : String(e)}`);
    app.quit();
    return;
  }
  // The login session of each window stays here: the renderer never holds it.
  const sessions = new Map<number, string>();
  ipcMain.handle('saraban:api', (event, method: unknown, input: unknown) => {
    if (!trustedSender(event.sender, event.senderFrame?.url)) {
      return { ok: false, error: { code: 'forbidden', message: 'ไม่อนุญาต' } };
    }
    const windowId = event.sender.id;
    return runtime.dispatch(method, input, {
      sessionId: sessions.get(windowId) ?? null,
      bindSession: (id) => (id ? sessions.set(windowId, id) : sessions.delete(windowId)),
    });
  });
  mainWindow = createWindow();
  if (app.isPackaged) void electronUpdater.autoUpdater.checkForUpdatesAndNotify().catch(() => undefined);
}

if (!app.requestSingleInstanceLock()) {
  // Two copies of the app on one register would both allocate numbers: keep one.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('window-all-closed', () => {
    const closing = core;
    void (closing ? stopSync(closing) : Promise.resolve()).finally(() => {
      closing?.close();
      app.quit();
    });
  });
  void start();
}
