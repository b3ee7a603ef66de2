// Why a register did not open decides what the clerk is offered: only damage leads to the
// recovery screen (which sets the file aside). A locked file, a folder without rights and a
// missing or wrong native module keep the file untouched and say what is wrong, in Thai.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src-main/app.js';
import { openCore } from '../../src-main/core.js';
import { openLocalDatabase, RegisterOpenError } from '../../src-main/db/open.js';
import { useNativeBinding } from '../../src-main/db/sqlite.js';
import { localMigrationsDir } from '../../src-main/paths.js';
import { tempDir } from '../support/core.js';

const dirs: string[] = [];
let running: RunningApp | undefined;
afterEach(async () => {
  useNativeBinding(null);
  await running?.stop();
  running = undefined;
  for (const d of dirs.splice(0)) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});

/** A data folder holding a healthy register, closed. */
function healthyRegister(): { dir: string; file: string } {
  const dir = tempDir('saraban-open-');
  dirs.push(dir);
  openCore({ dataDir: dir }).close();
  return { dir, file: join(dir, 'register.sqlite') };
}

function openFailure(open: () => unknown): RegisterOpenError {
  try {
    open();
  } catch (e) {
    expect(e).toBeInstanceOf(RegisterOpenError);
    return e as RegisterOpenError;
  }
  throw new Error('the register opened, but it should not have');
}

/** The app must not have gone into recovery, nor set anything aside. */
async function expectUnavailable(dir: string, kind: string, thai: RegExp): Promise<void> {
  running = startApp({ dataDir: dir, log: () => undefined });
  expect(running.mode()).toBe('unavailable');
  expect(running.failure()?.kind).toBe(kind);
  const answer = await running.dispatch('auth.status', {});
  expect(answer.ok).toBe(false);
  if (!answer.ok) {
    expect(answer.error.message).toMatch(thai);
    expect(answer.error.message).toContain('ไม่ได้เสียหาย');
  }
  expect((await running.dispatch('recovery.restore', { name: null })).ok).toBe(false);
  expect(readdirSync(dir).filter((f) => f.includes('damaged'))).toEqual([]);
}

describe('opening the register', () => {
  it('a corrupt file is damage: the recovery API opens', async () => {
    const dir = tempDir('saraban-open-');
    dirs.push(dir);
    writeFileSync(join(dir, 'register.sqlite'), Buffer.alloc(64 * 1024, 0x5a));
    expect(openFailure(() => openCore({ dataDir: dir })).kind).toBe('damaged');
    running = startApp({ dataDir: dir, log: () => undefined });
    expect(running.mode()).toBe('recovery');
    expect(await running.dispatch('auth.status', {})).toMatchObject({ ok: true, value: { mode: 'recovery' } });
  });

  it('a file locked by another program is "locked", and the file is left as it was', async () => {
    const { dir, file } = healthyRegister();
    const holder = new Database(file);
    try {
      holder.pragma('locking_mode = EXCLUSIVE');
      holder.exec('BEGIN IMMEDIATE');
      holder.exec("INSERT INTO meta (key, value) VALUES ('lock-test', 'x') ON CONFLICT(key) DO UPDATE SET value = excluded.value");
      holder.exec('COMMIT');
      const before = readFileSync(file);
      const err = openFailure(() => openLocalDatabase({ file, migrationsDir: localMigrationsDir(), now: () => new Date(), busyTimeoutMs: 50 }));
      expect(err.kind).toBe('locked');
      expect(err.thaiMessage).toMatch(/ถูกโปรแกรมอื่นใช้อยู่/);
      expect(readFileSync(file).equals(before)).toBe(true);
      await expectUnavailable(dir, 'locked', /ถูกโปรแกรมอื่นใช้อยู่/);
    } finally {
      holder.close();
    }
  });

  it('a folder in place of the file is "no-access", not damage', async () => {
    const dir = tempDir('saraban-open-');
    dirs.push(dir);
    mkdirSync(join(dir, 'register.sqlite'));
    expect(openFailure(() => openCore({ dataDir: dir })).kind).toBe('no-access');
    await expectUnavailable(dir, 'no-access', /ไม่มีสิทธิ์/);
  });

  it('a file the user has no permission on is "no-access" (checked without the bypass root has)', () => {
    const { dir, file } = healthyRegister();
    chmodSync(dir, 0o755);
    chmodSync(file, 0o000);
    const worker = [process.execPath, '--import', 'tsx', 'tests/integration/register-open-errors.worker.ts', dir];
    // Root reads a chmod 000 file anyway (CAP_DAC_OVERRIDE), and CI runs as root: there the
    // child runs without the two capabilities that bypass file permissions (util-linux setpriv),
    // so the refusal is the one an ordinary Windows or Linux account gets.
    const asRoot = process.getuid?.() === 0;
    const [command, ...args] = asRoot ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', ...worker] : worker;
    const child = spawnSync(command as string, args, { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    const out = JSON.parse(child.stdout) as { mode: string; kind: string; answer: { ok: boolean; error?: { message: string } } };
    expect(out.mode).toBe('unavailable');
    expect(out.kind).toBe('no-access');
    expect(out.answer.error?.message).toMatch(/ไม่มีสิทธิ์/);
    chmodSync(file, 0o644);
    expect(readdirSync(dir).filter((f) => f.includes('damaged'))).toEqual([]);
  });

  it('a missing native module is "native-module", never damage', async () => {
    const { dir } = healthyRegister();
    useNativeBinding(join(dir, 'no-such-folder', 'better_sqlite3.node'));
    expect(openFailure(() => openCore({ dataDir: dir })).kind).toBe('native-module');
    await expectUnavailable(dir, 'native-module', /better-sqlite3/);
  });

  it('a native module that is not a loadable library (a wrong build) is "native-module"', () => {
    const { dir } = healthyRegister();
    const fake = join(dir, 'better_sqlite3.node');
    writeFileSync(fake, 'this is not a shared library');
    useNativeBinding(fake);
    const err = openFailure(() => openCore({ dataDir: dir }));
    expect(err.kind).toBe('native-module');
    expect(err.thaiMessage).toMatch(/ติดตั้ง Saraban Desk ใหม่/);
  });
});
