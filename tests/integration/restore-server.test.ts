// A restore of a backup made before a sync, with the central server holding the later entries:
// the numbers continue after the highest issued, the entries the backup lacks are listed with
// what is known of them (the server's own list is asked too), the clerk brings one back with its original number, and the
// next changes still reach the server (their sync seq continues past what was sent). Also the
// server path alone: entries the register file and its safety copy lack, only the server has.
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { createOrg, credentialOf, enrol, serverEntries, startServer, type ServerProcess } from '../support/server/centralServer.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('restore with the central server holding the later entries', () => {
  it('a backup made before a sync: numbers continue, the later entries are listed and one brought back with its number, and sync goes on', async () => {
    const s: ServerProcess = await startServer();
    cleanup.push(() => s.kill());
    const { code } = await createOrg(s, 'สพป.ทดสอบกู้คืน');
    const app: TestApp = openTestApp();
    cleanup.push(() => app.dispose());
    await enrol(app, s.url, code);
    for (let i = 1; i <= 2; i++) await app.must('entries.create', incoming(`ก่อนสำรอง ${i} ${'ข้อความ '.repeat(40)}`));
    await app.must('backup.run', {}); // before the sync: the server has nothing yet
    for (let i = 3; i <= 4; i++) await app.must('entries.create', incoming(`หลังสำรอง ${i}`));
    expect((await app.must('sync.now', {})).pending).toBe(0);
    expect((await serverEntries(s.url, credentialOf(app))).length).toBe(4);

    // The admin restores the backup made before the sync (the PC keeps its credential).
    const backups = (await app.must('backup.status', {})).backups.filter((b) => b.reason === 'manual');
    const result = await app.must('backup.restore', { name: backups[0]?.name ?? '' });
    expect(result.continued?.[0]).toMatchObject({ kind: 'incoming', before: 3, after: 5 });
    expect(result.lostEntries).toBe(2);
    const losses = await app.must('restore.losses', {});
    expect(losses.map((l) => [l.what, l.registerNo, l.subject, l.canBringBack])).toEqual([
      ['entry', 3, 'หลังสำรอง 3', true],
      ['entry', 4, 'หลังสำรอง 4', true],
    ]);

    // A number already written on paper is never issued again.
    const next = await app.must('entries.create', incoming('หลังกู้คืน'));
    expect(next.registerNo).toBe(5);
    // The clerk brings number 3 back: it returns with its own number and subject.
    const three = losses.find((l) => l.registerNo === 3);
    const back = await app.must('restore.bringBack', { id: three?.id ?? 0 });
    expect(back.broughtBackAt).not.toBeNull();
    const list = await app.must('entries.list', { kind: 'incoming' });
    expect(list.rows.map((e) => [e.registerNo, e.subject.slice(0, 10)]).sort()).toEqual(
      [[1, 'ก่อนสำรอง 1'], [2, 'ก่อนสำรอง 2'], [3, 'หลังสำรอง 3'], [5, 'หลังกู้คืน']].map(([n, t]) => [n, String(t).slice(0, 10)]),
    );
    expect((await app.must('restore.bringBack', { id: three?.id ?? 0 }).catch((e: Error) => e.message)) as string).toContain('นำรายการนี้กลับมาแล้ว');
    const rows = (await app.must('audit.list', { pageSize: 5 })).rows;
    expect(rows[0]).toMatchObject({ action: 'entry.bringBack', entry: { registerNo: 3 } });

    // Sync goes on: the new entry reaches the server (its outbox seq continued past what was sent).
    const after = await app.must('sync.now', {});
    expect([after.pending, after.rejected.length]).toEqual([0, 0]);
    const onServer = await serverEntries(s.url, credentialOf(app));
    expect(onServer.map((e) => e.registerNo).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('entries only the server still has (the register file was put back by hand) are listed from the server and one brought back with its number', async () => {
    const s: ServerProcess = await startServer();
    cleanup.push(() => s.kill());
    const { code } = await createOrg(s, 'สพป.ทดสอบกู้คืนจากเครื่องแม่ข่าย');
    let app: TestApp = openTestApp();
    cleanup.push(() => app.dispose());
    await enrol(app, s.url, code);
    for (let i = 1; i <= 2; i++) await app.must('entries.create', incoming(`ก่อนสำรอง ${i}`));
    const backup = await app.must('backup.run', {});
    // Someone keeps a copy of the register file itself (it still holds this PC's credential).
    const old = join(app.dataDir, 'copied-by-hand.sqlite');
    app.core.store.sqlite.prepare('VACUUM INTO ?').run(old);
    for (let i = 3; i <= 4; i++) await app.must('entries.create', incoming(`หลังสำรอง ${i}`, { docNo: `ศธ 0401/${i}` }));
    expect((await app.must('sync.now', {})).pending).toBe(0);
    expect((await serverEntries(s.url, credentialOf(app))).length).toBe(4);

    // ...and puts it back by hand: 3 and 4 are gone from this PC; only the server has them
    // (the high-water file beside the register still says 4 was issued).
    app.core.close();
    const file = join(app.dataDir, 'register.sqlite');
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
    copyFileSync(old, file);
    app = openTestApp(app.dataDir);
    expect((await app.must('entries.list', { kind: 'incoming' })).rows.map((e) => e.registerNo).sort()).toEqual([1, 2]);

    // The admin restores the backup: the safety copy cannot supply 3 and 4, the server does.
    const result = await app.must('backup.restore', { name: backup.name });
    expect(result.lostEntries).toBe(2);
    const losses = await app.must('restore.losses', {});
    expect(losses.map((l) => [l.source, l.what, l.registerNo, l.subject, l.docNo, l.canBringBack])).toEqual([
      ['server', 'entry', 3, 'หลังสำรอง 3', 'ศธ 0401/3', true],
      ['server', 'entry', 4, 'หลังสำรอง 4', 'ศธ 0401/4', true],
    ]);

    // The next number continues after the highest ever issued (4), not after the backup's 2.
    expect((await app.must('entries.create', incoming('หลังกู้คืน'))).registerNo).toBe(5);
    const four = losses.find((l) => l.registerNo === 4);
    expect((await app.must('restore.bringBack', { id: four?.id ?? 0 })).broughtBackAt).not.toBeNull();
    const list = (await app.must('entries.list', { kind: 'incoming' })).rows;
    expect(list.map((e) => [e.registerNo, e.subject]).sort()).toEqual([
      [1, 'ก่อนสำรอง 1'],
      [2, 'ก่อนสำรอง 2'],
      [4, 'หลังสำรอง 4'],
      [5, 'หลังกู้คืน'],
    ]);
    expect(list.find((e) => e.registerNo === 4)?.id).toBe(four?.entryId);
    expect((await app.must('restore.losses', {})).filter((l) => l.broughtBackAt === null).map((l) => l.registerNo)).toEqual([3]);

    // Sync goes on: the brought-back entry is the server's own (no duplicate), the new one arrives.
    const after = await app.must('sync.now', {});
    expect([after.pending, after.rejected.length]).toEqual([0, 0]);
    const onServer = await serverEntries(s.url, credentialOf(app));
    expect(onServer.map((e) => e.registerNo).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('an admin restore lists the entries from the safety copy; bringing back a secret one needs the secret right', async () => {
    const app = openTestApp();
    cleanup.push(() => app.dispose());
    const backup = await app.must('backup.run', {});
    await app.must('entries.create', incoming('หนังสือลับหลังสำรอง', { secrecy: 'secret' }));
    await app.must('entries.create', incoming('หนังสือปกติหลังสำรอง'));
    const preview = await app.must('backup.preview', { name: backup.name });
    expect(preview.loss).toMatchObject({ entries: [{ kind: 'incoming', year: 2566, circular: false, count: 2, fromNo: 1, toNo: 2 }], nextNumbers: [{ kind: 'incoming', year: 2566, next: 3 }] });
    await app.must('backup.restore', { name: backup.name });
    const clerk = await app.asUser('clerk');
    const seen = await clerk.must('restore.losses', {});
    expect(seen.map((l) => l.subject)).toEqual(['ลับ', 'หนังสือปกติหลังสำรอง']);
    const refused = await clerk.call('restore.bringBack', { id: seen[0]?.id ?? 0 });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    await clerk.must('restore.bringBack', { id: seen[1]?.id ?? 0 });
    await app.must('restore.bringBack', { id: seen[0]?.id ?? 0 });
    const subjects = (await app.must('entries.list', { kind: 'incoming' })).rows.map((e) => [e.registerNo, e.subject]);
    expect(subjects.sort()).toEqual([[1, 'หนังสือลับหลังสำรอง'], [2, 'หนังสือปกติหลังสำรอง']]);
    expect((await app.must('audit.verify', {})).ok).toBe(true);
  });
});
