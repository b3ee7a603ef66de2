// Where the app's own files live, whether run from source (tsx), compiled (dist-main) or
// packed by electron-builder (app.asar): walk up from this module to the folder holding them.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findUp(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${relative} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const appRoot = (): string => dirname(findUp('package.json'));
export const localMigrationsDir = (): string => findUp(join('migrations', 'local'));
export const rendererDistDir = (): string => join(appRoot(), 'dist-renderer');
export const sharedFixturesDir = (): string | null => {
  const dir = join(appRoot(), '..', 'shared', 'fixtures');
  return existsSync(dir) ? dir : null;
};
export const bundledFixturesDir = (): string => findUp(join('resources', 'demo'));
