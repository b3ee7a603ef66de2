// Wiring of electron-updater: the feed is the office's server (shell/updateFeed.ts), downloads
// run in the background and are verified by electron-updater against latest.yml's sha512, the
// update installs when the admin presses "ติดตั้งการอัปเดต" or at the next quit. Loaded only in a
// packaged build, after the window is up, so it costs nothing at start-up.
import electronUpdater from 'electron-updater';
import type { AppLog } from '../log.js';
import { updateErrorState, updateFeedUrl, type UpdateState } from '../shell/updateFeed.js';

const CHECK_EVERY_MS = 6 * 3600_000;

let state: UpdateState = { state: 'idle' };
export const updateState = (): UpdateState => state;

export function installUpdateNow(): boolean {
  if (state.state !== 'ready') return false;
  // isSilent=false shows the NSIS progress; isForceRunAfter=true reopens the app afterwards.
  electronUpdater.autoUpdater.quitAndInstall(false, true);
  return true;
}

export function startUpdates(serverUrl: () => string | null, log: AppLog): void {
  const updater = electronUpdater.autoUpdater;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.on('checking-for-update', () => (state = { state: 'checking' }));
  updater.on('update-not-available', () => (state = { state: 'up-to-date', checkedAt: new Date().toISOString() }));
  updater.on('update-available', (info) => (state = { state: 'downloading', version: info.version, percent: 0 }));
  updater.on('download-progress', (p) => {
    if (state.state === 'downloading') state = { ...state, percent: p.percent };
  });
  updater.on('update-downloaded', (info) => {
    state = { state: 'ready', version: info.version };
    log.info('updates', 'ดาวน์โหลดรุ่นใหม่เสร็จ (ตรวจ sha512 แล้ว)', { version: info.version });
  });
  updater.on('error', (e) => {
    state = updateErrorState(e instanceof Error ? e.message : String(e));
    if (state.state === 'failed') log.error('updates', 'อัปเดตไม่สำเร็จ', e);
  });
  const check = () => {
    if (state.state === 'ready' || state.state === 'downloading') return;
    const feed = updateFeedUrl(serverUrl());
    if (!feed) {
      state = { state: 'no-server' };
      return;
    }
    updater.setFeedURL({ provider: 'generic', url: feed });
    // Errors arrive through 'error' above; offline stays silent.
    updater.checkForUpdates().catch(() => undefined);
  };
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
}
