// Every better-sqlite3 connection of the process opens here, so that the one choice of native
// module (Electron's own build, see nativeBinding.ts) applies to the register, the backups and
// the recovery export alike. Under plain Node (tests, the browser host) nothing is set and
// better-sqlite3 loads its usual build from node_modules.
import Database from 'better-sqlite3';

let binding: string | null = null;

/** Set once at start-up, before the first open. */
export function useNativeBinding(path: string | null): void {
  binding = path;
}

export function nativeBindingInUse(): string | null {
  return binding;
}

export function openSqlite(file: string, options: Database.Options = {}): Database.Database {
  return new Database(file, binding ? { ...options, nativeBinding: binding } : options);
}
