// The options of every window and session the app creates. Plain objects typed here (not
// Electron's types) so that this module stays importable and testable without Electron; the
// wiring in src-main/electron/ passes them to BrowserWindow, which type-checks them there.

interface HardenedPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  navigateOnDragDrop: false;
}

const HARDENED: HardenedPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
};

export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: HardenedPreferences & { preload: string; devTools: boolean };
}

/**
 * The clerk's window. It is shown at once (the splash paints while the register opens), fits a
 * 1366x768 screen, and has DevTools only in a development run.
 */
export function mainWindowOptions({ preload, packaged }: { preload: string; packaged: boolean }): MainWindowOptions {
  return {
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'Saraban Desk — ระบบทะเบียนหนังสือราชการ',
    show: true,
    backgroundColor: '#f4f6f8',
    autoHideMenuBar: false,
    webPreferences: { ...HARDENED, preload, devTools: !packaged },
  };
}

/** The partition of the hidden print windows: kept apart from the app's own session. */
export const PRINT_PARTITION = 'saraban-print';

export interface PrintWindowOptions {
  show: false;
  width: number;
  height: number;
  title: string;
  webPreferences: HardenedPreferences & { partition: string; devTools: false };
}

/** The hidden report window: no preload (no way to the API), its own partition. */
export function printWindowOptions(): PrintWindowOptions {
  return {
    show: false,
    width: 1123,
    height: 794,
    title: 'Saraban Desk — พิมพ์',
    webPreferences: { ...HARDENED, partition: PRINT_PARTITION, devTools: false },
  };
}

/**
 * The answer to every permission request and check (camera, notifications, geolocation,
 * clipboard-read, …) in every session: none. The register needs none of them; file uploads go
 * through <input type=file>, which asks no permission.
 */
export function permissionAllowed(_permission: string): boolean {
  return false;
}
