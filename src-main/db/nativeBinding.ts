// Which better-sqlite3 native module the process loads. A .node file is built for one ABI:
// node_modules/better-sqlite3/build holds Node's (npm test uses it and it is never replaced);
// Electron gets its own build in a folder of its own (scripts/native-electron.mjs makes it,
// electron-builder.yml packs it into resources/native/).
import { join } from 'node:path';

export const NATIVE_FILE = 'better_sqlite3.node';

/** native/electron-win32-x64/ in the source tree: where `npm start` and `npm run dist` build it. */
export function electronNativeDir(appRoot: string, platform: string, arch: string): string {
  return join(appRoot, 'native', `electron-${platform}-${arch}`);
}

export interface RuntimeFacts {
  /** process.versions.electron: set only inside Electron. */
  electronVersion: string | undefined;
  /** app.isPackaged */
  packaged: boolean;
  /** process.resourcesPath of a packaged app. */
  resourcesPath: string | undefined;
  appRoot: string;
  platform: string;
  arch: string;
}

/** null: the default build (plain Node). Otherwise the path to hand to better-sqlite3's nativeBinding. */
export function nativeBindingPath(facts: RuntimeFacts): string | null {
  if (!facts.electronVersion) return null;
  if (facts.packaged) {
    if (!facts.resourcesPath) throw new Error('a packaged app without process.resourcesPath');
    return join(facts.resourcesPath, 'native', NATIVE_FILE);
  }
  return join(electronNativeDir(facts.appRoot, facts.platform, facts.arch), NATIVE_FILE);
}
