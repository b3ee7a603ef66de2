// Where the register lives: one resolver for the Electron app, the browser host and the CLIs.
// On Windows the default is under %LOCALAPPDATA% (never %APPDATA%: the roaming profile is copied
// between PCs at logon and logoff, and a live SQLite file must not travel); a per-machine install
// keeps one register for every Windows account under %PROGRAMDATA%. An admin may choose another
// folder (offices keep data on D:\); that choice is a small pointer file in the app's home folder.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, normalize, win32 } from 'node:path';
import { z } from 'zod';

export interface PlatformFacts {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  /** The running program (process.execPath): tells a per-machine install from a per-user one. */
  execPath: string;
}

export const currentFacts = (): PlatformFacts => ({ platform: process.platform, env: process.env, home: homedir(), execPath: process.execPath });

const lower = (s: string) => normalize(s).toLowerCase();

/** Installed under Program Files (NSIS "for all users"): one register for every account of the PC. */
export function isPerMachineInstall(facts: PlatformFacts): boolean {
  if (facts.platform !== 'win32') return false;
  const roots = [facts.env.ProgramFiles, facts.env.ProgramW6432, facts.env['ProgramFiles(x86)']].filter((r): r is string => !!r);
  return roots.some((r) => lower(facts.execPath).startsWith(lower(r).replace(/[\\/]?$/, '\\')));
}

/** The app's own folder: the pointer to a chosen data folder, the log, the default data folder. */
export function appHome(facts: PlatformFacts = currentFacts()): string {
  if (facts.platform === 'win32') {
    if (isPerMachineInstall(facts)) return join(facts.env.ProgramData ?? 'C:\\ProgramData', 'SarabanDesk');
    return join(facts.env.LOCALAPPDATA ?? join(facts.home, 'AppData', 'Local'), 'SarabanDesk');
  }
  return join(facts.env.XDG_DATA_HOME ?? join(facts.home, '.local', 'share'), 'saraban-desk');
}

/**
 * Whether a folder lies in the roaming profile (%APPDATA%, or <home>\AppData\Roaming), which
 * Windows copies to the server at logoff and back at logon: a live register there is copied
 * half-written and overwritten by an older copy. Windows paths compare without case.
 */
export function isInRoamingProfile(dir: string, facts: PlatformFacts = currentFacts()): boolean {
  if (facts.platform !== 'win32') return false;
  const roots = [facts.env.APPDATA, win32.join(facts.home, 'AppData', 'Roaming')].filter((r): r is string => !!r);
  const d = win32.resolve(dir).toLowerCase();
  return roots.some((r) => {
    const root = win32.resolve(r).toLowerCase().replace(/\\+$/, '');
    return d === root || d.startsWith(`${root}\\`);
  });
}

export function defaultDataDir(facts: PlatformFacts = currentFacts()): string {
  return join(appHome(facts), 'data');
}

const Pointer = z.object({ dataDir: z.string().min(1) });
export const POINTER_FILE = 'data-location.json';

/** The folder the admin chose (ตั้งค่าระบบ › ที่เก็บข้อมูล), or null. A broken pointer is ignored, never guessed. */
export function chosenDataDir(home: string): string | null {
  const file = join(home, POINTER_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = Pointer.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success && isAbsolute(parsed.data.dataDir) ? parsed.data.dataDir : null;
  } catch {
    return null;
  }
}

export type DataDirSource = 'argument' | 'environment' | 'chosen' | 'default';

/** --data-dir, then SARABAN_DATA_DIR, then the admin's choice, then the default. */
export function resolveDataDir(explicit: string | undefined, facts: PlatformFacts = currentFacts()): { dir: string; source: DataDirSource } {
  if (explicit) return { dir: explicit, source: 'argument' };
  const env = facts.env.SARABAN_DATA_DIR;
  if (env) return { dir: env, source: 'environment' };
  const chosen = chosenDataDir(appHome(facts));
  if (chosen) return { dir: chosen, source: 'chosen' };
  return { dir: defaultDataDir(facts), source: 'default' };
}

/** --data-dir=DIR or --data-dir DIR among a program's arguments (Electron's process.argv). */
export function dataDirArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--data-dir=')) return a.slice('--data-dir='.length) || undefined;
    if (a === '--data-dir') return argv[i + 1];
  }
  return undefined;
}
