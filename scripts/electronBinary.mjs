// Where the installed Electron binary is, or null: electron/path.txt names it inside
// node_modules/electron/dist once its postinstall (or first use) fetched it. Electron's own
// ELECTRON_OVERRIDE_DIST_PATH points elsewhere (a binary unpacked by hand on the build machine).
// Shared by `npm start` (scripts/start.mjs) and `npm run check:electron`.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronDir() {
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

const EXECUTABLE = { win32: 'electron.exe', darwin: join('Electron.app', 'Contents', 'MacOS', 'Electron') };

export function installedElectronBinary(env = process.env) {
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const full = join(env.ELECTRON_OVERRIDE_DIST_PATH, EXECUTABLE[process.platform] ?? 'electron');
    return existsSync(full) ? full : null;
  }
  const dir = electronDir();
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const full = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(full) ? full : null;
}
