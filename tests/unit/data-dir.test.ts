// One resolver for where the register lives (Electron, the browser host, the CLIs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/tempDirs.js';
import { appHome, dataDirArgument, defaultDataDir, isInRoamingProfile, isPerMachineInstall, POINTER_FILE, resolveDataDir, type PlatformFacts } from '../../src-main/dataDir.js';

const winUser: PlatformFacts = {
  platform: 'win32',
  env: { APPDATA: 'C:\\Users\\clerk\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\clerk\\AppData\\Local', ProgramFiles: 'C:\\Program Files', ProgramData: 'C:\\ProgramData' },
  home: 'C:\\Users\\clerk',
  execPath: 'C:\\Users\\clerk\\AppData\\Local\\Programs\\saraban-desk\\Saraban Desk.exe',
};
const winMachine: PlatformFacts = { ...winUser, execPath: 'C:\\Program Files\\Saraban Desk\\Saraban Desk.exe' };

describe('the data folder', () => {
  it('is under %LOCALAPPDATA% for a per-user install, never the roaming %APPDATA%', () => {
    // node:path joins with the running OS's separator; compare the Windows way.
    const dir = defaultDataDir(winUser).split(/[\\/]/).join(win32.sep);
    expect(dir).toBe('C:\\Users\\clerk\\AppData\\Local\\SarabanDesk\\data');
    expect(dir.startsWith(winUser.env.APPDATA as string)).toBe(false);
  });

  it('tells a folder in the roaming profile (the first run and the move refuse it), whatever its case', () => {
    expect(isInRoamingProfile('C:\\Users\\clerk\\AppData\\Roaming\\Saraban', winUser)).toBe(true);
    expect(isInRoamingProfile('c:\\users\\CLERK\\appdata\\roaming', winUser)).toBe(true);
    // Without APPDATA, the profile's own Roaming folder still counts.
    expect(isInRoamingProfile('C:\\Users\\clerk\\AppData\\Roaming\\x', { ...winUser, env: {} })).toBe(true);
    expect(isInRoamingProfile('C:\\Users\\clerk\\AppData\\RoamingData', winUser)).toBe(false);
    expect(isInRoamingProfile(defaultDataDir(winUser).split(/[\\/]/).join(win32.sep), winUser)).toBe(false);
    expect(isInRoamingProfile('D:\\SarabanData', winUser)).toBe(false);
    expect(isInRoamingProfile('/home/clerk/.config/saraban', { ...winUser, platform: 'linux' })).toBe(false);
  });

  it('falls back to <home>\\AppData\\Local when LOCALAPPDATA is missing', () => {
    const dir = defaultDataDir({ ...winUser, env: { APPDATA: winUser.env.APPDATA } }).split(/[\\/]/).join(win32.sep);
    expect(dir).toBe('C:\\Users\\clerk\\AppData\\Local\\SarabanDesk\\data');
  });

  it('is one machine-wide folder under %PROGRAMDATA% for a per-machine install', () => {
    expect(isPerMachineInstall(winMachine)).toBe(true);
    expect(isPerMachineInstall(winUser)).toBe(false);
    // "C:\Program Files Evil\..." is not under "C:\Program Files".
    expect(isPerMachineInstall({ ...winUser, execPath: 'C:\\Program Files Evil\\Saraban Desk.exe' })).toBe(false);
    expect(defaultDataDir(winMachine).split(/[\\/]/).join(win32.sep)).toBe('C:\\ProgramData\\SarabanDesk\\data');
  });

  it('elsewhere follows XDG', () => {
    expect(defaultDataDir({ platform: 'linux', env: {}, home: '/home/clerk', execPath: '/usr/bin/node' })).toBe('/home/clerk/.local/share/saraban-desk/data');
  });

  it('takes --data-dir, then SARABAN_DATA_DIR, then the admin\'s choice, then the default', () => {
    const home = tempDir('saraban-home-');
    const facts: PlatformFacts = { platform: 'linux', env: { XDG_DATA_HOME: home }, home: '/nowhere', execPath: '/usr/bin/node' };
    const appDir = appHome(facts);
    expect(resolveDataDir(undefined, facts)).toEqual({ dir: join(appDir, 'data'), source: 'default' });
    mkdirSync(appDir, { recursive: true });
    writeFileSync(join(appDir, POINTER_FILE), JSON.stringify({ dataDir: '/srv/saraban' }));
    expect(resolveDataDir(undefined, facts)).toEqual({ dir: '/srv/saraban', source: 'chosen' });
    expect(resolveDataDir(undefined, { ...facts, env: { ...facts.env, SARABAN_DATA_DIR: '/env/dir' } })).toEqual({ dir: '/env/dir', source: 'environment' });
    expect(resolveDataDir('/arg/dir', facts)).toEqual({ dir: '/arg/dir', source: 'argument' });
    // A broken or relative pointer is ignored, never guessed at.
    writeFileSync(join(appDir, POINTER_FILE), '{"dataDir": "relative/path"}');
    expect(resolveDataDir(undefined, facts).source).toBe('default');
    writeFileSync(join(appDir, POINTER_FILE), '{not json');
    expect(resolveDataDir(undefined, facts).source).toBe('default');
  });

  it('reads --data-dir from Electron\'s argv in both spellings', () => {
    expect(dataDirArgument(['electron.exe', '.', '--data-dir=D:\\saraban'])).toBe('D:\\saraban');
    expect(dataDirArgument(['Saraban Desk.exe', '--data-dir', 'D:\\saraban'])).toBe('D:\\saraban');
    expect(dataDirArgument(['Saraban Desk.exe'])).toBeUndefined();
  });
});
