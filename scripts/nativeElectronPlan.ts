// How Electron gets its own better-sqlite3: a staging copy of the package is rebuilt for
// Electron's ABI by @electron/rebuild (its prebuilt binary when one exists, else node-gyp
// against Electron's headers), and the one .node file is copied to native/electron-<platform>-
// <arch>/. node_modules/better-sqlite3/build (Node's build, used by npm test) is never touched.
// Pure: scripts/native-electron.ts carries the plan out; tests check the plan.
import { join } from 'node:path';
import { electronNativeDir, NATIVE_FILE } from '../src-main/db/nativeBinding.js';

export const STAMP_FILE = 'electron-version.txt';

export interface NativeBuildFacts {
  root: string;
  electronVersion: string;
  platform: string;
  arch: string;
  /** Content of the stamp file beside an earlier build, if any. */
  stamp: string | null;
  /** Whether the .node file of an earlier build exists. */
  built: boolean;
  force?: boolean;
}

export type NativeBuildStep =
  | { kind: 'reset'; dir: string }
  | { kind: 'copy'; from: string; to: string; skip: readonly string[] }
  | { kind: 'write'; file: string; content: string }
  | { kind: 'run'; command: string; args: string[]; cwd: string }
  | { kind: 'install'; from: string; to: string };

export type NativeBuildPlan = { upToDate: true; target: string } | { upToDate: false; target: string; steps: NativeBuildStep[] };

export function nativeBuildPlan(f: NativeBuildFacts): NativeBuildPlan {
  const outDir = electronNativeDir(f.root, f.platform, f.arch);
  const target = join(outDir, NATIVE_FILE);
  if (!f.force && f.built && f.stamp?.trim() === f.electronVersion) return { upToDate: true, target };
  const staging = join(f.root, 'native', '.staging', `electron-${f.platform}-${f.arch}`);
  const stagedModule = join(staging, 'node_modules', 'better-sqlite3');
  return {
    upToDate: false,
    target,
    steps: [
      { kind: 'reset', dir: staging },
      // The package's sources without Node's build: nothing Node-specific reaches the staging copy.
      { kind: 'copy', from: join(f.root, 'node_modules', 'better-sqlite3'), to: stagedModule, skip: ['build'] },
      { kind: 'write', file: join(staging, 'package.json'), content: `${JSON.stringify({ name: 'saraban-native-staging', private: true, dependencies: { 'better-sqlite3': '*' } }, null, 2)}\n` },
      {
        kind: 'run',
        command: process.execPath,
        args: [
          join(f.root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js'),
          '--version', f.electronVersion,
          '--arch', f.arch,
          '--platform', f.platform,
          '--module-dir', staging,
          '--only', 'better-sqlite3',
          '--force',
        ],
        cwd: staging,
      },
      { kind: 'reset', dir: outDir },
      { kind: 'install', from: join(stagedModule, 'build', 'Release', NATIVE_FILE), to: target },
      { kind: 'write', file: join(outDir, STAMP_FILE), content: `${f.electronVersion}\n` },
    ],
  };
}
