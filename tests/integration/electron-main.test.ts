// Drives the real src-main/electron/main.ts wiring the way Electron calls it.
//
// Why a stand-in for the 'electron' module here, and nowhere else: Electron's binary cannot be
// fetched on our machines, so 'electron' cannot load. Every decision of the shell is a plain
// function tested on its own (tests/unit/shell-policy.test.ts); this test checks only that
// main.ts wires those decisions to the right Electron hooks: the IPC handler with real frame
// URLs (#/ routes, a foreign frame, a subframe), the permission handlers on every session, the
// navigation guard, the app:// protocol and the window's start-up sequence. The stand-in only
// records what main.ts hands to Electron; the register, the API and the services behind it
// are the real ones, on a real SQLite file. `npm run check:electron` runs the real binary on
// the Windows build machine.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../src-main/api/dispatch.js';
import { createHandlers } from '../../src-main/api/handlers.js';
import { openCore } from '../../src-main/core.js';
import { APP_ENTRY_URL, SPLASH_URL } from '../../src-main/shell/appProtocol.js';
import { PRINT_PARTITION } from '../../src-main/shell/windowOptions.js';
import { tempDir } from '../support/core.js';

type Listener = (...args: unknown[]) => unknown;
type PermissionRequest = (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
type PermissionCheck = (wc: unknown, permission: string) => boolean;

const rec = vi.hoisted(() => {
  class StandInSession {
    requestHandler: PermissionRequest | null = null;
    checkHandler: PermissionCheck | null = null;
    constructor(readonly name: string) {}
    setPermissionRequestHandler(h: PermissionRequest) {
      this.requestHandler = h;
    }
    setPermissionCheckHandler(h: PermissionCheck) {
      this.checkHandler = h;
    }
  }
  const partitions = new Map<string, StandInSession>();
  let nextId = 1;
  class StandInContents {
    readonly id = nextId++;
    readonly listeners = new Map<string, Listener[]>();
    windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
    on(name: string, fn: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
      return this;
    }
    emit(name: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(name) ?? []) fn(...args);
    }
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.windowOpenHandler = h;
    }
    executeJavaScript() {
      return Promise.resolve(undefined);
    }
  }
  const appListeners = new Map<string, Listener[]>();
  const state = {
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, Listener>(),
    windows: [] as { options: Record<string, unknown>; loaded: string[]; webContents: StandInContents }[],
    menu: null as unknown,
    quit: 0,
    dialogs: [] as { message: string; detail: string; buttons: string[] }[],
    clipboard: [] as string[],
    partitions,
    defaultSession: new StandInSession('default'),
    makeSession: (name: string) => new StandInSession(name),
    appListeners,
    StandInContents,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = new rec.StandInContents();
    readonly record: { options: Record<string, unknown>; loaded: string[]; webContents: InstanceType<typeof rec.StandInContents> };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [], webContents: this.webContents };
      rec.windows.push(this.record);
      for (const fn of rec.appListeners.get('web-contents-created') ?? []) fn({}, this.webContents);
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }
  const app = {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    on: (name: string, fn: Listener) => rec.appListeners.set(name, [...(rec.appListeners.get(name) ?? []), fn]),
    quit: () => {
      rec.quit++;
    },
  };
  const session = {
    defaultSession: rec.defaultSession,
    fromPartition: (name: string) => {
      let s = rec.partitions.get(name);
      if (!s) {
        s = rec.makeSession(name);
        rec.partitions.set(name, s);
      }
      return s;
    },
  };
  return {
    app,
    BrowserWindow,
    session,
    ipcMain: { handle: (channel: string, fn: Listener) => rec.ipcHandlers.set(channel, fn) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => rec.privileged.push(...schemes),
      handle: (scheme: string, fn: (req: Request) => Promise<Response>) => rec.protocolHandlers.set(scheme, fn),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (rec.menu = m) },
    net: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) },
    shell: { openExternal: () => Promise.resolve(), openPath: () => Promise.resolve('') },
    // Reversible, recognisable "encryption": enough to see the vault is the one sealing.
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (plain: string) => Buffer.from(`dpapi(${plain})`),
      decryptString: (b: Buffer) => b.toString().slice('dpapi('.length, -1),
    },
    // The clerk presses the first button of every message box.
    dialog: {
      showMessageBox: (...args: unknown[]) => {
        rec.dialogs.push(args[args.length - 1] as (typeof rec.dialogs)[number]);
        return Promise.resolve({ response: 0 });
      },
      showErrorBox: () => undefined,
    },
    clipboard: { writeText: (text: string) => rec.clipboard.push(text) },
  };
});

const dataDir = tempDir('saraban-electron-main-');
type ApiResult = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
let api: (event: unknown, method: unknown, input: unknown) => Promise<ApiResult> | ApiResult;
let mainId = 0;

beforeAll(async () => {
  process.env.SARABAN_DATA_DIR = join(dataDir, 'data');
  // The app's home (log files) in the test's folder, not the real profile.
  process.env.XDG_DATA_HOME = join(dataDir, 'home');
  await import('../../src-main/electron/main.js');
  await vi.waitFor(() => expect(rec.windows[0]?.loaded).toContain(APP_ENTRY_URL), { timeout: 20_000 });
  const handler = rec.ipcHandlers.get('saraban:api');
  if (!handler) throw new Error('main.ts registered no saraban:api handler');
  api = handler as typeof api;
  mainId = (rec.windows[0] as { webContents: { id: number } }).webContents.id;
});

/** Closes the app as its last window closing does, once. */
async function closeApp(): Promise<void> {
  if (rec.quit > 0) return;
  for (const fn of rec.appListeners.get('window-all-closed') ?? []) fn();
  await vi.waitFor(() => expect(rec.quit).toBe(1));
}

/** The one-time password a reset's message box shows. */
const shownPassword = (d: { detail: string } | undefined): string => /รหัสผ่านใหม่: (\S+)/.exec(d?.detail ?? '')?.[1] ?? '';

afterAll(async () => {
  await closeApp();
  delete process.env.SARABAN_DATA_DIR;
  delete process.env.XDG_DATA_HOME;
  rmSync(dataDir, { recursive: true, force: true });
});

const event = (senderId: number, frame: { url: string; parent: unknown } | null) => ({ sender: { id: senderId }, senderFrame: frame });

describe('the Electron main process wiring', () => {
  it('shows the splash first, then the app, in a hardened window', () => {
    const win = rec.windows[0];
    expect(win?.loaded).toEqual([SPLASH_URL, APP_ENTRY_URL]);
    expect(win?.options).toMatchObject({ show: true, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(rec.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);
  });

  it('answers the main frame on any #route, also after the clerk logs in', async () => {
    const setup = await api(event(mainId, { url: `${APP_ENTRY_URL}#/`, parent: null }), 'auth.setupAdmin', { username: 'admin', displayName: 'ผู้ดูแล', password: 'saraban-2566' });
    expect(setup.ok).toBe(true);
    // A menu click changes the route; Electron reports the frame URL with it.
    const status = await api(event(mainId, { url: `${APP_ENTRY_URL}#/register/incoming`, parent: null }), 'auth.status', {});
    expect(status).toMatchObject({ ok: true, value: { user: { username: 'admin' } } });
    const list = await api(event(mainId, { url: `${APP_ENTRY_URL}#/register/incoming/entry/x?replyTo=1`, parent: null }), 'entries.list', { kind: 'incoming' });
    expect(list.ok).toBe(true);
  });

  it('refuses a foreign frame, a subframe, another window and a frame Electron lost', async () => {
    const refused = { ok: false, error: { code: 'forbidden', message: 'ไม่อนุญาต' } };
    expect(await api(event(mainId, { url: 'https://evil.example/#/register/incoming', parent: null }), 'auth.status', {})).toEqual(refused);
    expect(await api(event(mainId, { url: `${APP_ENTRY_URL}#/`, parent: { url: APP_ENTRY_URL } }), 'auth.status', {})).toEqual(refused);
    expect(await api(event(mainId + 100, { url: `${APP_ENTRY_URL}#/`, parent: null }), 'auth.status', {})).toEqual(refused);
    expect(await api(event(mainId, null), 'auth.status', {})).toEqual(refused);
    expect(await api(event(mainId, { url: 'file:///C:/app/dist-renderer/index.html#/', parent: null }), 'auth.status', {})).toEqual(refused);
  });

  it('denies permissions on the default session and the print partition', () => {
    const print = rec.partitions.get(PRINT_PARTITION);
    expect(print).toBeDefined();
    for (const s of [rec.defaultSession, print]) {
      let granted: boolean | null = null;
      s?.requestHandler?.({}, 'media', (g) => (granted = g));
      expect(granted).toBe(false);
      expect(s?.checkHandler?.({}, 'clipboard-read')).toBe(false);
    }
    // Sessions made later (by Electron or a library) are hardened as they are created.
    expect(rec.appListeners.get('session-created')?.length).toBe(1);
  });

  it('keeps windows on the app and opens no windows', () => {
    const contents = rec.windows[0]?.webContents;
    let prevented = 0;
    contents?.emit('will-navigate', { preventDefault: () => prevented++ }, 'https://evil.example/');
    contents?.emit('will-navigate', { preventDefault: () => prevented++ }, `${APP_ENTRY_URL}#/settings`);
    expect(prevented).toBe(1);
    expect(contents?.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('serves app:// only for its own host', async () => {
    const handler = rec.protocolHandlers.get('app');
    expect((await handler?.(new Request('app://evil/index.html')))?.status).toBe(403);
    expect((await handler?.(new Request('app://saraban/register.sqlite')))?.status).toBe(404);
  });

  it('writes its start-up to the rotating log in the app\'s home, not the data folder', () => {
    const logs = join(dataDir, 'home', 'saraban-desk', 'logs');
    const text = readdirSync(logs).map((f) => readFileSync(join(logs, f), 'utf8')).join('');
    expect(text).toContain('เริ่มโปรแกรม');
    expect(text).toContain('"mode":"normal"');
    expect(text).not.toContain('saraban-2566');
  });

  it('replaces the default menu with a Thai one', () => {
    expect(JSON.stringify(rec.menu)).toContain('แฟ้ม');
    expect(JSON.stringify(rec.menu)).not.toContain('"Reload"');
  });
  it('the Start menu\'s reset while the app is open is done by the open app: its password logs in, the old one no longer', async () => {
    const second = rec.appListeners.get('second-instance') ?? [];
    for (const fn of second) fn({}, ['Saraban Desk.exe', '--reset-admin']);
    await vi.waitFor(() => expect(rec.dialogs).toHaveLength(1));
    const password = shownPassword(rec.dialogs[0]);
    expect(password).toMatch(/^[a-z2-9]{12}$/);
    expect(rec.dialogs[0]?.detail).toContain('ชื่อผู้ใช้: admin');
    expect(rec.clipboard).toEqual([password]);
    const frame = { url: `${APP_ENTRY_URL}#/`, parent: null };
    expect(await api(event(mainId, frame), 'auth.login', { username: 'admin', password: 'saraban-2566' })).toMatchObject({ ok: false });
    expect(await api(event(mainId, frame), 'auth.login', { username: 'admin', password })).toMatchObject({ ok: true });
  });

  it('with the app closed, the reset opens the register, shows the password and quits without a window', async () => {
    await closeApp();
    const windows = rec.windows.length;
    const argv = process.argv;
    process.argv = [argv[0] as string, 'Saraban Desk.exe', '--reset-admin', '--user', 'admin'];
    try {
      vi.resetModules();
      await import('../../src-main/electron/main.js');
      await vi.waitFor(() => expect(rec.quit).toBe(2), { timeout: 20_000 });
    } finally {
      process.argv = argv;
    }
    expect(rec.windows).toHaveLength(windows);
    const password = shownPassword(rec.dialogs[1]);
    expect(password).toMatch(/^[a-z2-9]{12}$/);
    expect(password).not.toBe(shownPassword(rec.dialogs[0]));
    const core = openCore({ dataDir: join(dataDir, 'data') });
    try {
      const dispatch = createDispatch(core, createHandlers(core));
      expect(await dispatch('auth.login', { username: 'admin', password }, { sessionId: null, bindSession: () => undefined })).toMatchObject({ ok: true });
      const audit = core.store.raw<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE action = 'user.password_reset'")[0]?.n;
      expect(audit).toBe(2);
    } finally {
      core.close();
    }
  });
});
