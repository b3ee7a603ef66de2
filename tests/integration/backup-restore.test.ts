// Backups with SQLite's online backup API while the clerk registers, attachments copied
// incrementally, a restore that gives back exactly what was backed up, the daily scheduler.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFile, chooseKept, fileMigrationBackup, runBackup, startBackups } from '../../src-main/backup/backups.js';
import { openCore } from '../../src-main/core.js';
import { localMigrationsDir } from '../../src-main/paths.js';
import { createEntry } from '../../src-main/registers/entries.js';
import { verifyAuditDb } from '../../src-main/users/audit.js';
import type { InputOf } from '../../src-shared/contract.js';
import { entryFields } from '../../src-shared/schemas.js';
import { openTestApp, tempDir, type TestApp } from '../support/core.js';
import { blobPath } from '../../src-main/attachments/blobFiles.js';
import { waitFor } from '../support/waitFor.js';

let app: TestApp | undefined;
afterEach(() => {
  app?.dispose();
  app = undefined;
});

const incoming = (subject: string) =>
  ({ kind: 'incoming', from: 'โรงเรียนบ้านพุย', to: 'สพป.', docNo: 'ศธ 04051.1/5', docDate: '2023-11-16', subject }) as InputOf<'entries.create'>;

function seed(a: TestApp, n: number): void {
  a.core.store.tx(() => {
    for (let i = 0; i < n; i++) createEntry(a.core.writeContext(), entryFields.parse(incoming(`หนังสือชุดแรก ลำดับ ${i} ${'รายละเอียด '.repeat(20)}`)));
  });
}

/** Every row of the tables a restore must give back, in a stable order. */
function dump(db: Database.Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of ['entries', 'entry_versions', 'books', 'number_changes', 'groups', 'people', 'contacts', 'users', 'outbox']) {
    out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  }
  return out;
}

function addAttachment(dataDir: string, content: string): string {
  const sha = createHash('sha256').update(content).digest('hex');
  mkdirSync(dirname(blobPath(dataDir, sha)), { recursive: true });
  writeFileSync(blobPath(dataDir, sha), content);
  return sha;
}

describe('backups', () => {
  it('run while the clerk registers, without blocking, and give a consistent copy', async () => {
    app = openTestApp();
    await app.must('app.info', {});
    seed(app, 3000);
    let backupDone = false;
    // One page per step: the copy takes many turns of the event loop, the clerk's calls go between.
    const backup = runBackup(app.core, 'manual', { pagesPerStep: 1 }).then((b) => {
      backupDone = true;
      return b;
    });
    let registeredDuringBackup = 0;
    for (let i = 0; i < 30; i++) {
      await app.must('entries.create', incoming(`ลงทะเบียนระหว่างสำรอง ${i}`));
      if (!backupDone) registeredDuringBackup++;
    }
    const info = await backup;
    expect(registeredDuringBackup).toBeGreaterThan(0);
    const copy = new Database(backupFile(app.dataDir, info.name), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = (copy.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    expect(n).toBeGreaterThanOrEqual(3000);
    // Consistent: the book's counters, the numbers and the audit chain agree with the rows.
    const book = copy.prepare("SELECT next_no, entry_count FROM books WHERE kind = 'incoming'").get() as { next_no: number; entry_count: number };
    const max = (copy.prepare('SELECT max(register_no) AS m FROM entries').get() as { m: number }).m;
    expect([book.entry_count, book.next_no - 1, max]).toEqual([n, n, n]);
    expect(verifyAuditDb(copy).ok).toBe(true);
    expect(info.preview?.counts.incoming).toBe(n);
    copy.close();
    expect((await app.must('entries.list', { kind: 'incoming' })).total).toBe(3030);
  });

  it('copy only the attachments added since the previous backup, into a folder the admin chose', async () => {
    app = openTestApp();
    const usb = tempDir('saraban-usb-');
    await app.must('backup.configure', { dir: usb });
    const first = [addAttachment(app.dataDir, 'pdf one'), addAttachment(app.dataDir, 'pdf two')];
    const a = await app.must('backup.run', {});
    const third = addAttachment(app.dataDir, 'pdf three');
    const b = await app.must('backup.run', {});
    expect([a.attachmentsAdded, b.attachmentsAdded]).toEqual([2, 1]);
    for (const sha of [...first, third]) expect(existsSync(blobPath(usb, sha))).toBe(true);
    const status = await app.must('backup.status', {});
    expect([status.dir, status.dirIsInsideData, status.backups.length]).toEqual([usb, false, 2]);
    expect(readdirSync(usb).filter((n) => n.startsWith('saraban-')).length).toBe(2);
  });

  it('are made daily by the scheduler', async () => {
    app = openTestApp();
    await app.must('app.info', {});
    const stop = startBackups(app.core, { firstCheckMs: 1 });
    const a = app;
    await waitFor('the scheduler\'s first backup', async () => (await a.must('backup.status', {})).backups.length > 0);
    stop();
    const status = await app.must('backup.status', {});
    expect(status.backups.map((b) => b.reason)).toEqual(['daily']);
    expect(status.lastBackupAt).not.toBeNull();
  });

  it('are taken before every migration and filed into the admin\'s folder', async () => {
    // A register made by the previous version: every migration but the newest.
    const dataDir = tempDir();
    const older = tempDir('saraban-migrations-');
    const files = readdirSync(localMigrationsDir()).filter((f) => f.endsWith('.sql')).sort();
    for (const f of files.slice(0, -1)) copyFileSync(join(localMigrationsDir(), f), join(older, f));
    openCore({ dataDir, migrationsDir: older }).close();
    app = openTestApp(dataDir);
    expect(app.core.migrationBackup).not.toBeNull();
    const usb = tempDir('saraban-usb-');
    await app.must('backup.configure', { dir: usb });
    const filed = await fileMigrationBackup(app.core);
    expect(filed?.reason).toBe('before-migration');
    const status = await app.must('backup.status', {});
    expect(status.backups.filter((b) => b.reason === 'before-migration' && b.good).length).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(usb, filed?.name ?? '', 'register.sqlite'))).toBe(true);
  });

  it('before a migration, never fails on a backup name already taken (a clock set back, a fixed clock)', () => {
    const dataDir = tempDir();
    const older = tempDir('saraban-migrations-');
    const files = readdirSync(localMigrationsDir()).filter((f) => f.endsWith('.sql')).sort();
    for (const f of files.slice(0, -2)) copyFileSync(join(localMigrationsDir(), f), join(older, f));
    const clock = () => new Date('2024-06-03T10:00:00+07:00');
    openCore({ dataDir, migrationsDir: older, now: clock }).close();
    copyFileSync(join(localMigrationsDir(), files.at(-2) as string), join(older, files.at(-2) as string));
    const first = openCore({ dataDir, migrationsDir: older, now: clock });
    const firstBackup = first.migrationBackup;
    first.close();
    const second = openCore({ dataDir, now: clock });
    expect(second.migrationBackup).not.toBe(firstBackup);
    expect(second.migrationBackup).toMatch(/before-migration-2024-06-03T03-00-00-000Z-2\.sqlite$/);
    second.close();
  });

  it('keep rolling sets: 7 daily, 4 weekly, 12 monthly', () => {
    const start = Date.parse('2022-01-01T02:00:00Z');
    const all = Array.from({ length: 500 }, (_, i) => {
      const iso = new Date(start + i * 86_400_000).toISOString();
      return { name: iso, createdAt: iso };
    });
    const kept = [...chooseKept(all)].sort().reverse();
    const newest = all.map((b) => b.name).reverse();
    expect(kept.slice(0, 7)).toEqual(newest.slice(0, 7));
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12);
    expect(kept.length).toBeGreaterThanOrEqual(12 + 4);
    // The oldest kept is about a year old, nothing older.
    const oldest = kept[kept.length - 1] as string;
    expect(Date.parse(newest[0] as string) - Date.parse(oldest)).toBeLessThan(366 * 86_400_000);
    expect(Date.parse(newest[0] as string) - Date.parse(oldest)).toBeGreaterThan(300 * 86_400_000);
  });
});

describe('restore', () => {
  it('previews a backup, keeps a copy of the current state, and gives back exactly the backed-up register', async () => {
    app = openTestApp();
    await app.must('groups.save', { name: 'กลุ่มอำนวยการ' });
    for (let i = 0; i < 5; i++) await app.must('entries.create', incoming(`ก่อนสำรอง ${i}`));
    const e = await app.must('entries.create', incoming('เรื่องที่จะถูกแก้หลังสำรอง'));
    const backup = await app.must('backup.run', {});
    const original = dump(new Database(backupFile(app.dataDir, backup.name), { readonly: true }));
    // The backup's own event is written after its copy is taken.
    const originalEvents = app.core.store.raw<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq').slice(0, -1);

    // Later work that the restore takes away.
    await app.must('entries.update', { id: e.id, expectedVersion: 1, fields: incoming('แก้หลังสำรองแล้ว') });
    for (let i = 0; i < 3; i++) await app.must('entries.create', incoming(`หลังสำรอง ${i}`));
    await app.must('groups.save', { name: 'กลุ่มนโยบายและแผน' });

    const preview = await app.must('backup.preview', { name: backup.name });
    expect(preview.counts.incoming).toBe(6);
    expect(preview.lastEntry).toMatchObject({ registerNo: 6, subject: 'เรื่องที่จะถูกแก้หลังสำรอง' });

    const liveEvents = app.core.store.raw<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq');
    const r = await app.must('backup.restore', { name: backup.name });
    // The backed-up rows come back; what happened after the backup is facts that stay: the
    // numbers continue (books, number_changes) and later sync rows keep their seq (outbox).
    const restored = dump(app.core.store.sqlite);
    for (const t of ['entries', 'entry_versions', 'groups', 'people', 'contacts', 'users', 'outbox']) expect(restored[t]).toEqual(original[t]);
    expect(restored.books).toEqual([{ ...(original.books?.[0] as object), next_no: 10 }]);
    // The trail: every event up to the restore (the later edits and backups too), then the restore; still a chain.
    const events = app.core.store.raw<{ seq: number; hash: string; action: string }>('SELECT seq, hash, action FROM audit_events ORDER BY seq');
    expect(events.slice(0, originalEvents.length).map(({ seq, hash }) => ({ seq, hash }))).toEqual(originalEvents);
    expect(events.slice(0, liveEvents.length).map(({ seq, hash }) => ({ seq, hash }))).toEqual(liveEvents);
    expect(events.slice(liveEvents.length).map((x) => x.action)).toEqual(['backup', 'restore', 'number.change']);
    expect((await app.must('audit.verify', {})).ok).toBe(true);
    // The state before the restore was kept as a backup of its own.
    const safety = await app.must('backup.preview', { name: r.safetyCopy });
    expect(safety.counts.incoming).toBe(9);
    // The app goes on working on the restored register: numbers continue after the highest issued (9).
    expect((await app.must('entries.create', incoming('หลังกู้คืน'))).registerNo).toBe(10);
    // And the restore survives a restart.
    app = app.reopen();
    expect((await app.must('entries.list', { kind: 'incoming' })).total).toBe(7);
  });

  it('refuses a name that is not one of the backups', async () => {
    app = openTestApp();
    const r = await app.call('backup.restore', { name: '../../etc/passwd' });
    expect(r.ok ? 'ok' : r.error.code).toBe('not_found');
  });
});
