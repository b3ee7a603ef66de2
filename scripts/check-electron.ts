// npm run check:electron: the release check the Windows build machine runs against the REAL
// Electron app (playwright-core's _electron): start on a fresh data folder, create the admin and
// log in, register an incoming letter, visit every menu, reload on a route, print the register
// to PDF through Electron's own printer, close. Not part of npm test: Electron's binary cannot
// be fetched on the development machines, and there it stops with EXIT_NO_ELECTRON.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type Page } from 'playwright-core';
import { REGISTER_LABELS } from '../src-shared/domain.js';
import { nativeBindingPath } from '../src-main/db/nativeBinding.js';
import { appRoot } from '../src-main/paths.js';
import { APP_ENTRY_URL } from '../src-main/shell/appProtocol.js';
import { installedElectronBinary } from './electronBinary.mjs';

/** Distinct exit codes, so the build machine's script can tell "cannot run here" from "failed". */
export const EXIT_FAILED = 1;
export const EXIT_NO_ELECTRON = 3;
export const EXIT_NOT_BUILT = 4;

const root = appRoot();
const binary = installedElectronBinary();
if (!binary) {
  console.error('ไม่พบโปรแกรม Electron บนเครื่องนี้: ตรวจแอปจริงไม่ได้ (the Electron binary is not installed; check:electron needs the Windows build machine)');
  process.exit(EXIT_NO_ELECTRON);
}
const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
const native = nativeBindingPath({ electronVersion, packaged: false, resourcesPath: undefined, appRoot: root, platform: process.platform, arch: process.arch });
for (const [what, path] of [
  ['the compiled main process (npm run build)', join(root, 'dist-main', 'src-main', 'electron', 'main.js')],
  ['the renderer (npm run build)', join(root, 'dist-renderer', 'index.html')],
  ["Electron's better-sqlite3 (npm run native:electron)", native ?? ''],
] as const) {
  if (!existsSync(path)) {
    console.error(`ยังไม่ได้สร้าง ${what}: ${path}`);
    process.exit(EXIT_NOT_BUILT);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'saraban-check-electron-'));
const steps: string[] = [];
const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const t = Date.now();
  const result = await run();
  steps.push(`✓ ${name} (${Date.now() - t} ms)`);
  console.log(steps.at(-1));
  return result;
};

const app = await _electron.launch({ executablePath: binary, args: ['.', `--data-dir=${dataDir}`], cwd: root, env: { ...process.env, XDG_DATA_HOME: join(dataDir, 'home') } });
let failed = false;
try {
  const page: Page = await step('the window shows (splash first)', () => app.firstWindow());
  await step('the register opens and the app loads from app://', () => page.waitForURL((u) => u.toString().startsWith(APP_ENTRY_URL), { timeout: 30_000 }));

  await step('first start: create the admin, logged in', async () => {
    const setup = page.getByRole('form', { name: 'สร้างบัญชีผู้ดูแลระบบ' });
    await setup.getByLabel('ชื่อผู้ใช้', { exact: true }).fill('admin');
    await setup.getByLabel('ชื่อ-สกุล', { exact: true }).fill('ผู้ตรวจรุ่น');
    await setup.getByLabel('รหัสผ่าน', { exact: true }).fill('check-electron-2566');
    await setup.getByRole('button').click();
    await page.locator('header.app-header').getByText('ออกจากระบบ').waitFor();
  });

  await step('the quick check ran in its worker thread (better-sqlite3 from the asar, Electron\'s build)', async () => {
    const state = await page.evaluate(async () => {
      type Bridge = { invoke(m: string, i: unknown): Promise<{ ok: boolean; value?: { integrity?: string }; error?: { message: string } }> };
      const api = (window as unknown as { saraban: Bridge }).saraban;
      for (let i = 0; i < 120; i++) {
        const s = await api.invoke('desktop.status', {});
        if (!s.ok) throw new Error(s.error?.message);
        if (s.value?.integrity !== 'running') return s.value?.integrity;
        await new Promise((r) => setTimeout(r, 500));
      }
      return 'running';
    });
    if (state !== 'ok') throw new Error(`the background quick check answered "${state}" (the log says why)`);
  });

  const menu = page.getByRole('navigation', { name: 'เมนูหลัก' });
  await step('register an incoming letter', async () => {
    await menu.getByRole('link', { name: REGISTER_LABELS.incoming.book, exact: true }).click();
    await page.getByRole('link', { name: REGISTER_LABELS.incoming.action, exact: true }).click();
    const form = page.locator('form.entry-form');
    await form.waitFor();
    const today = new Date();
    const thaiToday = `${String(today.getDate()).padStart(2, '0')}/${String(today.getMonth() + 1).padStart(2, '0')}/${today.getFullYear() + 543}`;
    await form.getByLabel('จาก', { exact: true }).fill('โรงเรียนบ้านพุย');
    await form.getByLabel('ลงวันที่', { exact: true }).fill(thaiToday);
    await form.getByLabel('ถึง', { exact: true }).fill('ผู้อำนวยการ');
    await form.getByLabel('เรื่อง', { exact: true }).fill('ตรวจรุ่นก่อนเผยแพร่');
    await form.getByRole('button', { name: 'ตกลง' }).click();
    await page.getByTestId('saved-number').waitFor();
  });

  await step('visit every menu', async () => {
    const labels = await menu.getByRole('link').allInnerTexts();
    for (const label of labels) {
      await menu.getByRole('link', { name: label, exact: true }).click();
      await page.waitForLoadState('domcontentloaded');
      if (await page.getByText('ไม่อนุญาต').count()) throw new Error(`"${label}" answered ไม่อนุญาต`);
    }
  });

  await step('reload on a route keeps the API working', async () => {
    await menu.getByRole('link', { name: REGISTER_LABELS.incoming.book, exact: true }).click();
    await page.reload();
    await page.getByText('ตรวจรุ่นก่อนเผยแพร่').first().waitFor();
  });

  await step("print the register to PDF with Electron's printer", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const head = await page.evaluate(async (day) => {
      type Bridge = { invoke(m: string, i: unknown): Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { message: string } }> };
      const api = (window as unknown as { saraban: Bridge }).saraban;
      const started = await api.invoke('reports.render', { type: 'register', kind: 'incoming', from: day, to: day, format: 'pdf' });
      if (!started.ok) throw new Error(started.error?.message);
      const jobId = started.value?.jobId as string;
      for (;;) {
        const s = await api.invoke('reports.status', { jobId });
        if (!s.ok) throw new Error(s.error?.message);
        if (s.value?.state === 'done') break;
        if (s.value?.state === 'failed') throw new Error(String(s.value?.message));
        await new Promise((r) => setTimeout(r, 200));
      }
      const file = await api.invoke('reports.download', { jobId });
      if (!file.ok) throw new Error(file.error?.message);
      return atob(String(file.value?.base64)).slice(0, 5);
    }, today);
    if (head !== '%PDF-') throw new Error(`not a PDF: ${head}`);
  });
} catch (e) {
  failed = true;
  console.error(`✗ ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(failed ? 'check:electron ไม่ผ่าน' : `check:electron ผ่าน (${steps.length} ขั้น)`);
process.exit(failed ? EXIT_FAILED : 0);
