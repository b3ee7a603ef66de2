// A restore rolls the register back, but not what happened after the backup: numbers written
// on paper are never issued again, and the audit trail after the backup stays in the register.
// (Issue 14, reproductions 2 and 3.)
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src-main/app.js';
import { insertEntries } from '../../src-main/registers/entries.js';
import { verifyAuditDb } from '../../src-main/users/audit.js';
import { entryFields } from '../../src-shared/schemas.js';
import type { RestoreResult } from '../../src-shared/usersSchemas.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming, outgoing } from '../support/entries.js';

let app: TestApp | undefined;
let runtime: RunningApp | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  app?.dispose();
  app = undefined;
});

interface LossRow {
  what: string;
  source: string;
  kind: string;
  year: number;
  register_no: number;
  subject: string;
}
const losses = (a: TestApp) => a.core.store.raw<LossRow>('SELECT what, source, kind, year, register_no, subject FROM restore_losses ORDER BY register_no');

describe('after a restore', () => {
  it('the next number continues after the highest ever issued, and the entry the backup lacks is listed', async () => {
    app = openTestApp();
    await app.must('entries.create', incoming('หนังสือที่ 1'));
    await app.must('entries.create', incoming('หนังสือที่ 2'));
    const backup = await app.must('backup.run', {});
    const third = await app.must('entries.create', incoming('หนังสือที่ 3 ที่เขียนเลขลงกระดาษแล้ว'));
    expect(third.registerNo).toBe(3);

    const r = await app.must('backup.restore', { name: backup.name });
    expect(r.continued).toEqual([{ kind: 'incoming', year: 2566, sequence: 'main', before: 3, after: 4 }]);
    expect(r.lostEntries).toBe(1);

    const next = await app.must('entries.create', incoming('หนังสือหลังกู้คืน'));
    expect(next.registerNo).toBe(4);
    expect(losses(app)).toEqual([{ what: 'entry', source: 'safety', kind: 'incoming', year: 2566, register_no: 3, subject: 'หนังสือที่ 3 ที่เขียนเลขลงกระดาษแล้ว' }]);
    // Why the number jumped is on record, like any change of the next number.
    expect((await app.must('books.numberChanges', { kind: 'incoming' }))[0]).toMatchObject({ before: 3, after: 4 });
  });

  it('circulars continue too, and an older backup of a book that had no entries yet still cannot reuse a number', async () => {
    app = openTestApp();
    const backup = await app.must('backup.run', {});
    await app.must('entries.create', outgoing('หนังสือเวียนที่ 1', true));
    await app.must('entries.create', outgoing('หนังสือธรรมดา'));
    await app.must('backup.restore', { name: backup.name });
    const circular = await app.must('entries.create', outgoing('หนังสือเวียนหลังกู้คืน', true));
    expect(circular.circularNo).toBe(2);
    expect((await app.must('entries.create', outgoing('หนังสือธรรมดาหลังกู้คืน'))).registerNo).toBe(2);
  });

  it('the audit trail keeps the events after the backup (the registration and the backups), then the restore', async () => {
    app = openTestApp();
    await app.must('entries.create', incoming('ก่อนสำรอง'));
    const backup = await app.must('backup.run', {});
    const backupEvents = app.core.store.raw<{ seq: number }>('SELECT seq FROM audit_events').length;
    const e = await app.must('entries.create', incoming('หลังสำรอง'));
    await app.must('backup.run', {});
    const before = app.core.store.raw<{ seq: number; hash: string; action: string }>('SELECT seq, hash, action FROM audit_events ORDER BY seq');

    await app.must('backup.restore', { name: backup.name });
    const after = app.core.store.raw<{ seq: number; hash: string; action: string; entity_id: string | null }>(
      'SELECT seq, hash, action, entity_id FROM audit_events ORDER BY seq',
    );
    // Every event that existed before the restore is still there, unchanged, in order...
    expect(after.slice(0, before.length).map(({ seq, hash, action }) => ({ seq, hash, action }))).toEqual(before);
    // ...including the registration after the backup, the second backup and the safety copy.
    expect(after.slice(backupEvents - 1).map((x) => x.action).slice(0, 4)).toEqual(['backup', 'entry.create', 'backup', 'backup']);
    expect(after.find((x) => x.action === 'entry.create' && x.entity_id === e.id)).toBeDefined();
    // ...then the safety copy's own backup event, the restore itself, and the chain verifies.
    expect(after.slice(before.length).map((x) => x.action)).toEqual(['backup', 'restore', 'number.change']);
    expect(await app.must('audit.verify', {})).toMatchObject({ ok: true });
    expect(verifyAuditDb(app.core.store.sqlite).ok).toBe(true);
    // And it survives a restart.
    app = app.reopen();
    expect((await app.must('audit.verify', {})).ok).toBe(true);
  });

  it('keeps the highest number in a file beside the register, flushed with each number', async () => {
    app = openTestApp();
    for (let i = 1; i <= 3; i++) await app.must('entries.create', incoming(`หนังสือที่ ${i}`));
    await app.must('entries.create', outgoing('หนังสือเวียน', true));
    const text = readFileSync(join(app.dataDir, 'register.sqlite.numbers'), 'utf8');
    const lines = text.trim().split('\n');
    expect(lines.filter((l) => !l.startsWith('outbox')).slice(-2)).toEqual(['incoming 2566 main 3', 'outgoing 2566 circular 1']);
    // And the sync outbox's seq, so rows already sent are never numbered again after a restore.
    expect(lines[lines.length - 1]).toBe('outbox 4');
  });

  it('a file left behind the register (a power cut between the two flushes) catches up at the next open', async () => {
    app = openTestApp();
    for (let i = 1; i <= 3; i++) await app.must('entries.create', incoming(`หนังสือที่ ${i}`));
    const file = join(app.dataDir, 'register.sqlite.numbers');
    // As if the file's last flush never reached the disk: only the first registration's lines.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
    expect(readFileSync(file, 'utf8')).not.toContain('main 3');
    app = app.reopen();
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('incoming 2566 main 3\n');
    expect(text).toContain('outbox 3\n');
  });

  it('answers a registration once its own lines are flushed, not after the flushes of work that keeps going', async () => {
    app = openTestApp();
    const a = app;
    // Background work writing numbers without pause (an import's books, one after another).
    let writing = true;
    let batches = 0;
    const background = (async () => {
      while (writing) {
        a.core.store.tx(() => insertEntries(a.core.writeContext(), 'incoming', [entryFields.parse(incoming(`นำเข้า ${batches}`))]));
        batches++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    // The work stops only after this answer: waiting for every flush, the answer never came.
    const answered = await a.must('entries.create', incoming('หนังสือที่เคาน์เตอร์'));
    writing = false;
    await background;
    expect(batches).toBeGreaterThan(1);
    expect(answered.registerNo).toBeGreaterThan(1);
    const text = readFileSync(join(a.dataDir, 'register.sqlite.numbers'), 'utf8');
    expect(text).toContain(`incoming 2566 main ${answered.registerNo}\n`);
  });

  it('restored from the recovery screen (a damaged register), numbers still continue after the highest issued', async () => {
    app = openTestApp();
    for (let i = 1; i <= 5; i++) await app.must('entries.create', incoming(`หนังสือที่ ${i} ${'ข้อความ '.repeat(40)}`));
    await app.must('backup.run', {});
    for (let i = 6; i <= 9; i++) await app.must('entries.create', incoming(`หนังสือที่ ${i}`));
    app.core.close();
    const fd = openSync(join(app.dataDir, 'register.sqlite'), 'r+');
    writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    closeSync(fd);
    runtime = startApp({ dataDir: app.dataDir, log: () => undefined });
    expect(runtime.mode()).toBe('recovery');
    const restored = await runtime.dispatch('recovery.restore', { name: null });
    expect(restored.ok).toBe(true);
    expect((restored as { value: RestoreResult }).value.continued).toEqual([{ kind: 'incoming', year: 2566, sequence: 'main', before: 6, after: 10 }]);
    await runtime.stop();
    runtime = undefined;
    app = app.reopen();
    expect((await app.must('entries.create', incoming('หลังกู้คืน'))).registerNo).toBe(10);
    // Nothing else is known of 6..9 (the damaged file could not be read): the numbers are listed.
    expect(losses(app).map((l) => [l.what, l.register_no])).toEqual([6, 7, 8, 9].map((n) => ['number', n]));
  });
});
