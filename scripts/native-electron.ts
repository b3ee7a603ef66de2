// npm run native:electron [-- --arch x64 --platform win32 --force]
// Builds better-sqlite3 for the installed Electron into native/electron-<platform>-<arch>/
// (see scripts/nativeElectronPlan.ts). Run by `npm start` and `npm run dist` on the build
// machine, which has a compiler or reaches better-sqlite3's prebuilt binaries.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { appRoot } from '../src-main/paths.js';
import { nativeBuildPlan, STAMP_FILE } from './nativeElectronPlan.js';

const { values } = parseArgs({ options: { arch: { type: 'string' }, platform: { type: 'string' }, force: { type: 'boolean', default: false } } });
const root = appRoot();
const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
const platform = values.platform ?? process.platform;
const arch = values.arch ?? process.arch;
const outDir = join(root, 'native', `electron-${platform}-${arch}`);
const stampFile = join(outDir, STAMP_FILE);
const plan = nativeBuildPlan({
  root,
  electronVersion,
  platform,
  arch,
  stamp: existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : null,
  built: existsSync(join(outDir, 'better_sqlite3.node')),
  force: values.force,
});

if (plan.upToDate) {
  console.log(`better-sqlite3 สำหรับ Electron ${electronVersion} พร้อมแล้ว: ${plan.target}`);
  process.exit(0);
}
console.log(`กำลังสร้าง better-sqlite3 สำหรับ Electron ${electronVersion} (${platform}-${arch})…`);
for (const step of plan.steps) {
  switch (step.kind) {
    case 'reset':
      rmSync(step.dir, { recursive: true, force: true });
      mkdirSync(step.dir, { recursive: true });
      break;
    case 'copy':
      cpSync(step.from, step.to, { recursive: true, filter: (src) => !(dirname(src) === step.from && step.skip.includes(basename(src))) });
      break;
    case 'write':
      writeFileSync(step.file, step.content);
      break;
    case 'run': {
      const r = spawnSync(step.command, step.args, { cwd: step.cwd, stdio: 'inherit' });
      if (r.status !== 0) {
        console.error('สร้าง better-sqlite3 สำหรับ Electron ไม่สำเร็จ: เครื่องนี้ต้องต่ออินเทอร์เน็ต (ดาวน์โหลดไฟล์สำเร็จรูป) หรือมี Visual Studio Build Tools');
        process.exit(r.status ?? 1);
      }
      break;
    }
    case 'install':
      if (!existsSync(step.from)) {
        console.error(`ไม่พบไฟล์ที่สร้าง: ${step.from}`);
        process.exit(1);
      }
      cpSync(step.from, step.to);
      break;
  }
}
console.log(`สร้างแล้ว: ${plan.target}`);
