// The default data folder when none is given: where a per-user Windows install keeps its data.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(): string {
  if (process.platform === 'win32' && process.env.APPDATA) return join(process.env.APPDATA, 'SarabanDesk');
  return join(homedir(), '.saraban-desk');
}
