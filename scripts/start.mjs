// npm start: run the Electron app. Electron 45 has no postinstall: its binary is fetched on
// first use. Where it cannot be fetched (no internet), say so and point to the browser host,
// which serves the same app.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronDir, installedElectronBinary } from './electronBinary.mjs';

const electronDirPath = electronDir();

let binary = installedElectronBinary();
if (!binary) {
  console.log('กำลังดาวน์โหลด Electron (ครั้งแรกครั้งเดียว)… / fetching the Electron binary once…');
  spawnSync(process.execPath, [join(electronDirPath, 'install.js')], { stdio: 'ignore' });
  binary = installedElectronBinary();
}
if (!binary) {
  console.error('ไม่พบโปรแกรม Electron บนเครื่องนี้ และดาวน์โหลดไม่ได้ (the Electron binary is not installed and cannot be fetched).');
  console.error('เปิดโปรแกรมในเบราว์เซอร์แทนได้ด้วย / run it in a browser instead:');
  console.error('  npm run web -- --data-dir ./.data --port 5180');
  process.exit(1);
}
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);
// Electron's own better-sqlite3 (Electron's ABI), built beside Node's, never over it.
const native = spawnSync('npm', ['run', 'native:electron', '--silent'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (native.status !== 0) process.exit(native.status ?? 1);
const run = spawnSync(binary, ['.'], { stdio: 'inherit' });
process.exit(run.status ?? 0);
