// The audit trail: every change is an append-only event with who, when and before/after, chained
// by hash so a change made behind the app's back (editing the SQLite file) is found.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditDescriptionText } from '../../src-shared/auditText.js';
import type { InputOf } from '../../src-shared/contract.js';
import { canonicalJson } from '../../src-main/users/audit.js';
import { openTestApp, TEST_OFFICE, type TestApp } from '../support/core.js';
import { waitFor } from '../support/waitFor.js';

let app: TestApp | undefined;
afterEach(() => {
  app?.dispose();
  app = undefined;
});

const incoming = (subject: string, extra: Record<string, unknown> = {}) =>
  ({ kind: 'incoming', from: 'โรงเรียนบ้านพุย', to: 'สพป.', docNo: 'ศธ 04051.1/5', docDate: '2023-11-16', subject, ...extra }) as InputOf<'entries.create'>;

function rawDb(a: TestApp): Database.Database {
  return new Database(join(a.dataDir, 'register.sqlite'));
}

function checkAudit(dataDir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-audit.ts', '--data-dir', dataDir], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A register with one of every kind of change in its trail. */
async function busyDay(a: TestApp): Promise<string> {
  const e = await a.must('entries.create', incoming('ขอความอนุเคราะห์'));
  await a.must('entries.update', { id: e.id, expectedVersion: 1, fields: incoming('ขอความอนุเคราะห์ข้อมูล') });
  await a.must('entries.cancel', { id: e.id, expectedVersion: 2, reason: 'ลงซ้ำ' });
  await a.must('books.setNextNumber', { kind: 'incoming', year: 2566, next: 100, reason: 'ต่อจากสมุด' });
  const office = await a.must('office.get', {});
  await a.must('office.save', { ...office, shortName: 'สพป.ชม.5' });
  await a.must('groups.save', { name: 'กลุ่มอำนวยการ' });
  await a.anonymous.call('auth.login', { username: 'admin', password: 'wrong-password' });
  await a.login('admin', 'admin-pass-2566');
  await a.must('audit.export', {});
  await a.must('backup.run', {});
  return e.id;
}

describe('the audit trail', () => {
  it('hashes each event as sha256(previous hash + canonical JSON of the event), as chains written before were', async () => {
    app = openTestApp();
    await busyDay(app);
    const rows = app.core.store.raw<Record<string, string | number | null>>('SELECT * FROM audit_events ORDER BY seq');
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const parse = (v: unknown) => (v === null ? null : (JSON.parse(String(v)) as unknown));
      const body = canonicalJson({
        seq: r.seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id,
        before: parse(r.before), after: parse(r.after), secret: r.secret,
      });
      expect(r.hash).toBe(createHash('sha256').update(String(r.prev_hash)).update(body).digest('hex'));
    }
  });

  it('records every change with who, when and the values before and after', async () => {
    app = openTestApp();
    const id = await busyDay(app);
    const page = await app.must('audit.list', { pageSize: 100 });
    const actions = page.rows.map((r) => r.action).reverse();
    expect(actions).toEqual([
      'user.create',
      'entry.create',
      'entry.edit',
      'entry.cancel',
      'number.change',
      'settings',
      'settings',
      'login.failed',
      'login',
      'export',
      'backup',
    ]);
    const edit = page.rows.find((r) => r.action === 'entry.edit');
    expect(edit).toMatchObject({
      actor: 'เจ้าหน้าที่สารบรรณ',
      at: '2023-11-16T09:00:00+07:00',
      entityId: id,
      before: { subject: 'ขอความอนุเคราะห์' },
      after: { subject: 'ขอความอนุเคราะห์ข้อมูล' },
    });
    expect(page.rows.find((r) => r.action === 'number.change')).toMatchObject({ before: { next: 2 }, after: { next: 100, reason: 'ต่อจากสมุด' } });
    expect(page.rows.find((r) => r.action === 'settings' && r.entity === 'office')).toMatchObject({ before: { shortName: TEST_OFFICE.shortName }, after: { shortName: 'สพป.ชม.5' } });
    // An entry's own history, for its details page.
    expect((await app.must('entries.history', { id })).map((r) => r.action)).toEqual(['entry.create', 'entry.edit', 'entry.cancel']);
    const exported = await app.must('audit.export', {});
    expect(exported.csv.startsWith('\uFEFFลำดับ,เวลา,ผู้ใช้')).toBe(true);
    expect(exported.csv).toContain('ขอความอนุเคราะห์ข้อมูล');
    expect(await app.must('audit.verify', {})).toEqual({ ok: true, checked: 12, firstBreak: null, witnesses: { server: 'not_configured', serverChecked: 0, backupsChecked: 1 } });
  });

  it('records the exports and settings of the other modules too (prints, copies, sync)', async () => {
    app = openTestApp();
    await app.must('entries.create', incoming('ส่งออกแล้วต้องมีบันทึก'));
    const job = await app.must('reports.render', { type: 'register', kind: 'incoming', from: '2023-11-01', to: '2023-11-30', format: 'csv' });
    const a = app;
    await waitFor('the CSV report job', async () => (await a.must('reports.status', { jobId: job.jobId })).state !== 'running');
    await app.must('reports.download', { jobId: job.jobId });
    const settings = await app.must('reports.getSettings', {});
    await app.must('reports.saveSettings', { ...settings, fontSize: 12 });
    const rows = (await app.must('audit.list', { pageSize: 100 })).rows;
    const exported = rows.find((r) => r.action === 'export');
    expect(exported).toMatchObject({ entity: 'reports.download', actor: 'เจ้าหน้าที่สารบรรณ', after: { rows: 1 } });
    // Said in Thai: what left the office, which file, how many rows.
    expect(auditDescriptionText(exported as (typeof rows)[number])).toMatch(/^ส่งออกข้อมูล ทะเบียน\/รายงานที่พิมพ์หรือส่งออก \| 1 รายการ · ไฟล์ .+\.csv$/);
    expect(rows.find((r) => r.entity === 'reports.saveSettings')).toMatchObject({ action: 'settings', after: { fontSize: 12 } });
    expect((await app.must('audit.verify', {})).ok).toBe(true);
  });

  it('cannot be changed or deleted through SQL while its triggers stand', async () => {
    app = openTestApp();
    await busyDay(app);
    const db = rawDb(app);
    expect(() => db.prepare("UPDATE audit_events SET actor = 'คนอื่น' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(/append-only/);
    db.close();
  });

  it('finds an event edited in the SQLite file behind the app\'s back, and reports the first break', async () => {
    app = openTestApp();
    await busyDay(app);
    expect(checkAudit(app.dataDir).status).toBe(0);
    app.core.close();
    const db = rawDb(app);
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare("UPDATE audit_events SET after = replace(after, 'ขอความอนุเคราะห์ข้อมูล', 'เรื่องที่ถูกแก้') WHERE seq = 3").run();
    db.prepare("UPDATE audit_events SET actor = 'คนอื่น' WHERE seq = 7").run();
    db.close();
    app = app.reopen();
    const r = await app.must('audit.verify', {});
    expect(r.ok).toBe(false);
    expect(r.firstBreak?.seq).toBe(3);
    expect(r.firstBreak?.reason).toContain('ถูกแก้ไขนอกโปรแกรม');
    const cli = checkAudit(app.dataDir);
    expect(cli.status).toBe(1);
    expect(cli.out).toContain('ลำดับที่ 3');
  });

  it('finds events removed from the middle or the end', async () => {
    app = openTestApp();
    await busyDay(app);
    app.core.close();
    const db = rawDb(app);
    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)').run();
    db.close();
    app = app.reopen();
    // The last event gone: the chain itself still links, the recorded head does not.
    const tail = await app.must('audit.verify', {});
    expect(tail.ok).toBe(false);
    app.core.close();
    const db2 = rawDb(app);
    db2.prepare('DELETE FROM audit_events WHERE seq = 5').run();
    db2.close();
    app = app.reopen();
    expect((await app.must('audit.verify', {})).firstBreak?.seq).toBe(5);
  });

  it('hides a secret entry\'s values from an admin without the secret right', async () => {
    app = openTestApp();
    const e = await app.must('entries.create', incoming('เรื่องลับเฉพาะผู้บริหาร', { secrecy: 'secret' }));
    await app.must('users.save', { username: 'admin2', displayName: 'ผู้ดูแลคนที่สอง', role: 'admin', canSeeSecret: false, password: 'admin2-password' });
    const admin2 = await app.login('admin2', 'admin2-password');
    const seen = JSON.stringify(await admin2.must('audit.list', { pageSize: 100 })) + (await admin2.must('audit.export', {})).csv;
    expect(seen).not.toContain('เรื่องลับเฉพาะผู้บริหาร');
    expect(JSON.stringify(await admin2.must('entries.history', { id: e.id }))).not.toContain('เรื่องลับเฉพาะผู้บริหาร');
    expect(JSON.stringify(await app.must('entries.history', { id: e.id }))).toContain('เรื่องลับเฉพาะผู้บริหาร');
  });
});
