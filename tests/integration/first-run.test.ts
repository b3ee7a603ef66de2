// A fresh install: the office is a placeholder until the admin sets it up, and until then no
// number of the office's own (outgoing letter, order, certificate) is issued.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src-main/errors.js';
import { resetAdminPassword } from '../../src-main/users/users.js';
import { openTestApp, TEST_ADMIN, type TestApp } from '../support/core.js';
import { incoming, outgoing } from '../support/entries.js';

let app: TestApp;
afterEach(() => app?.dispose());

describe('first run', () => {
  it('issues no outgoing number, order or certificate under the placeholder office', async () => {
    app = openTestApp(undefined, undefined, { officeSetUp: false });
    expect((await app.must('app.info', {})).officeReady).toBe(false);
    // Incoming letters carry the sender's number: the clerk can start on day one.
    expect((await app.must('entries.create', incoming('หนังสือแรก'))).registerNo).toBe(1);
    for (const r of [
      await app.call('entries.create', outgoing('ส่งก่อนตั้งค่า')),
      await app.call('entries.create', { kind: 'order', docDate: '2023-11-16', subject: 'แต่งตั้ง' }),
      await app.call('certificates.issueBulk', { subject: 'ค่าย', docDate: '2023-11-16', recipients: ['ด.ญ.ใจดี'] }),
    ]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain('ยังไม่ได้ตั้งค่าหน่วยงาน');
    }
    expect(app.core.store.raw<{ n: number }>("SELECT count(*) AS n FROM entries WHERE kind <> 'incoming'")[0]?.n).toBe(0);

    // Saving the placeholder prefix again is not a set-up.
    await app.must('office.save', { name: 'สำนักงานเขตพื้นที่การศึกษา', shortName: 'สพท.', documentPrefix: 'ศธ', certificatePattern: 'สพท. {n:4}/{year}' });
    expect((await app.must('app.info', {})).officeReady).toBe(false);

    await app.must('office.save', {
      name: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5',
      shortName: 'สพป.เชียงใหม่ เขต 5',
      documentPrefix: 'ศธ04051',
      certificatePattern: 'สพป.ชม.5 {n:4}/{year}',
    });
    expect((await app.must('app.info', {})).officeReady).toBe(true);
    expect((await app.must('entries.create', outgoing('ส่งหลังตั้งค่า'))).docNo).toBe('ที่ ศธ04051/1');
  });
});

describe('a forgotten admin password', () => {
  it('is reset on the PC itself with npm run reset-admin, which unlocks the account and is audited', async () => {
    app = openTestApp();
    await app.must('app.info', {}); // the admin exists
    for (let i = 0; i < 5; i++) await app.anonymous.call('auth.login', { username: TEST_ADMIN.username, password: 'ผิดทุกครั้ง' });
    const locked = await app.anonymous.call('auth.login', { username: TEST_ADMIN.username, password: TEST_ADMIN.password });
    expect(locked.ok).toBe(false);
    app.core.close();

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join('scripts', 'reset-admin.ts'), '--data-dir', app.dataDir]);
    const password = /รหัสผ่านใหม่: (\S+)/.exec(stdout)?.[1] ?? '';
    expect(stdout).toContain(`ชื่อผู้ใช้: ${TEST_ADMIN.username}`);
    expect(password).toMatch(/^[a-z2-9]{12}$/);

    app = app.reopen();
    expect((await app.anonymous.call('auth.login', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).ok).toBe(false);
    expect((await app.anonymous.call('auth.login', { username: TEST_ADMIN.username, password })).ok).toBe(true);
    const audit = await app.must('audit.list', { page: 1, pageSize: 50, entityId: null, action: 'user.password_reset' });
    expect(audit.rows).toHaveLength(1);
  });

  it('refuses a user name it does not know, however odd or long, and changes nothing', async () => {
    app = openTestApp();
    for (const name of ['a\u0000b', '\ud800', 'x'.repeat(20 * 1024 * 1024)]) {
      const e = await resetAdminPassword(app.core, name).then(() => null, (err: unknown) => err);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).message.length).toBeLessThan(120);
    }
    expect((await app.anonymous.call('auth.login', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).ok).toBe(true);
    const audit = await app.must('audit.list', { page: 1, pageSize: 50, entityId: null, action: 'user.password_reset' });
    expect(audit.rows).toHaveLength(0);
  });
});
