// The rotating log keeps no credentials and no secret content, and the admin's diagnostics zip
// holds the log, the versions and the register's health, read back with the system's unzip.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp } from '../../src-main/app.js';
import { exportDiagnostics } from '../../src-main/diagnostics.js';
import { createUserDirect } from '../../src-main/users/users.js';
import { openAppLog } from '../../src-main/log.js';
import { REDACTED, scrubLogValue } from '../../src-main/logScrub.js';
import { openTestApp, tempDir, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';

let app: TestApp | undefined;
const dirs: string[] = [];
afterEach(() => {
  app?.dispose();
  app = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const unzipList = (zip: string) => execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n').sort();
const unzipRead = (zip: string, name: string) => execFileSync('unzip', ['-p', zip, name], { encoding: 'utf8' });

describe('the log', () => {
  it('removes credentials and secret content at any depth, and tokens inside strings', () => {
    const out = scrubLogValue({
      password: 'admin-pass-2566',
      nested: { credential: 'dev_abc', entry: { subject: 'เรื่องลับมาก', registerNo: 5 } },
      headers: { Authorization: 'Bearer abc.def' },
      message: 'GET http://127.0.0.1:5180/?token=XYZ failed; sent Bearer qwerty123',
      list: [{ token: 't' }],
    }) as Record<string, unknown>;
    const text = JSON.stringify(out);
    for (const secret of ['admin-pass-2566', 'dev_abc', 'เรื่องลับมาก', 'abc.def', 'XYZ', 'qwerty123']) expect(text).not.toContain(secret);
    expect(text).toContain('"registerNo":5');
    expect(out.password).toBe(REDACTED);
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const dir = tempDir('saraban-log-');
    dirs.push(dir);
    const log = await openAppLog(dir, { sizeMb: 0.01, keep: 3 });
    for (let i = 0; i < 400; i++) log.info('sync', `รอบที่ ${i} ${'x'.repeat(60)}`, { pushed: i });
    await log.flush();
    await new Promise((r) => setTimeout(r, 200));
    log.info('main', 'after rotation');
    await log.flush();
    const files = readdirSync(dir).filter((f) => f.endsWith('.log'));
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(4);
  });
});

describe('ส่งออกข้อมูลสำหรับผู้ดูแลระบบ', () => {
  it('zips the log, the versions and the register health, with no secret in it', async () => {
    app = openTestApp();
    for (let i = 0; i < 3; i++) await app.must('entries.create', incoming(`หนังสือปกติ ${i}`));
    await app.must('entries.create', incoming('เรื่องลับมากที่ไม่ควรหลุด', { secrecy: 'very_secret' }));
    const logs = tempDir('saraban-log-');
    const out = tempDir('saraban-out-');
    dirs.push(logs, out);
    const log = await openAppLog(logs);
    log.info('main', 'เปิดหน้าต่างแล้ว', { ms: 412 });
    log.error('core', 'เรียกคำสั่งไม่สำเร็จ', Object.assign(new Error('boom'), { code: 'SQLITE_BUSY' }));
    log.info('core', 'login', { username: 'admin', password: 'admin-pass-2566', subject: 'เรื่องลับมากที่ไม่ควรหลุด' });
    await log.flush();

    const { file } = await exportDiagnostics({ core: app.core, dataDir: app.dataDir, logDir: logs, outDir: out, mode: 'normal' });
    const names = unzipList(file);
    expect(names).toContain('versions.json');
    expect(names).toContain('health.json');
    expect(names.some((n) => n.startsWith('logs/saraban.') && n.endsWith('.log'))).toBe(true);

    const versions = JSON.parse(unzipRead(file, 'versions.json')) as Record<string, string>;
    expect(versions.app).toMatch(/^\d+\.\d+\.\d+/);
    expect(versions.sqlite).toMatch(/^3\./);
    const health = JSON.parse(unzipRead(file, 'health.json')) as Record<string, unknown>;
    expect(health).toMatchObject({ mode: 'normal', quickCheck: 'ok', journalMode: 'wal', entriesByKind: { incoming: 4 }, outboxPending: 4 });

    const everything = names.map((n) => unzipRead(file, n)).join('\n');
    expect(everything).toContain('เปิดหน้าต่างแล้ว');
    expect(everything).toContain('SQLITE_BUSY');
    expect(everything).not.toContain('admin-pass-2566');
    expect(everything).not.toContain('เรื่องลับมากที่ไม่ควรหลุด');
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  });

  it('reaches the admin through the API as one zip file', async () => {
    const data = tempDir('saraban-data-');
    const logs = tempDir('saraban-log-');
    dirs.push(data, logs);
    const running = startApp({ dataDir: data, logDir: logs, log: () => undefined });
    try {
      const core = running.core();
      if (!core) throw new Error('register did not open');
      const admin = await createUserDirect(core, { username: 'admin', displayName: 'ผู้ดูแล', password: 'admin-pass-2566', role: 'admin', canSeeSecret: true });
      const clerk = await createUserDirect(core, { username: 'clerk', displayName: 'สารบรรณ', password: 'clerk-pass-2566', role: 'clerk', canSeeSecret: false });
      const refused = await running.dispatch('diagnostics.export', {}, { sessionId: core.sessions.create(clerk.id).id });
      expect(refused.ok).toBe(false);
      const r = await running.dispatch('diagnostics.export', {}, { sessionId: core.sessions.create(admin.id).id });
      if (!r.ok) throw new Error(r.error.message);
      const file = r.value as { fileName: string; base64: string };
      expect(file.fileName).toMatch(/^saraban-diagnostics-\d{8}T?\d{6}\.zip$/);
      expect(Buffer.from(file.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
      // Recorded as an export in the audit trail.
      expect(core.store.raw<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE action = 'export'")[0]?.n).toBe(1);
    } finally {
      await running.stop();
    }
  });

  it('still exports when the register could not be opened', async () => {
    const out = tempDir('saraban-out-');
    const data = tempDir('saraban-data-');
    dirs.push(out, data);
    const { file } = await exportDiagnostics({ core: null, dataDir: data, logDir: null, outDir: out, mode: 'unavailable', problem: 'locked' });
    expect(JSON.parse(unzipRead(file, 'health.json'))).toMatchObject({ mode: 'unavailable', problem: 'locked' });
  });
});
