// What the API's desktop methods need from the running app rather than from the register: the
// data folder and its move, the updater (Electron only), the log folder. startApp() sets it on
// each core it opens (src-main/app.ts); a core opened without it answers that the setting is
// not available here.
import type { DataDirSource } from '../../src-shared/desktopSchemas.js';
import type { MoveReport } from '../dataMove.js';
import type { UpdateState } from '../shell/updateFeed.js';

export interface UpdatesPort {
  state(): UpdateState;
  /** Quits and installs a downloaded update; false when none is ready. */
  installNow(): boolean;
}

export interface DesktopPort {
  dataDir(): string;
  dataDirSource: DataDirSource;
  defaultDataDir: string;
  relocate(to: string): Promise<MoveReport>;
  updates: UpdatesPort | null;
  logDir: string | null;
  mode(): string;
  /** The register's quick check: 'running' while the background check reads the file. */
  integrity(): 'running' | 'ok' | 'damaged' | 'failed';
}
