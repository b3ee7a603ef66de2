// The search index's segments are merged when the register is quiet, not in a clerk's commit
// (src-main/registers/searchIndexMerge.ts); deferred work never throws from its timer.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdleWork } from '../../src-main/db/idleWork.js';
import { join } from 'node:path';
import { openTestApp, tempDir, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';

let app: TestApp | undefined;
afterEach(() => app?.dispose());

const dataRows = (a: TestApp) => (a.core.store.sqlite.prepare('SELECT count(*) AS n FROM entries_fts_data').get() as { n: number }).n;

describe('search index merging', () => {
  it('registrations only add segments; the quiet pause merges them and every entry is still found', async () => {
    app = openTestApp();
    const subjects = Array.from({ length: 12 }, (_, i) => `ขอเชิญประชุมคณะกรรมการครั้งที่ ${i + 1} เรื่องงบประมาณ`);
    const before = dataRows(app);
    for (const s of subjects) await app.must('entries.create', incoming(s));
    // One new segment per registration, nothing merged while the clerk works.
    const piled = dataRows(app);
    expect(piled).toBeGreaterThanOrEqual(before + subjects.length);
    await vi.waitFor(() => expect(dataRows(app as TestApp)).toBeLessThan(piled - 6), { timeout: 10_000, interval: 100 });
    const found = await app.must('entries.list', { kind: 'incoming', field: 'subject', q: 'คณะกรรมการ' });
    expect(found.total).toBe(subjects.length);
    expect((await app.must('entries.list', { kind: 'incoming', field: 'subject', q: 'ครั้งที่ 7' })).rows.map((r) => r.subject)).toEqual([subjects[6]]);
    // Two characters (the index's own terms) too.
    expect((await app.must('entries.list', { kind: 'incoming', field: 'subject', q: 'งบ' })).total).toBe(subjects.length);
    // The merged index is whole (FTS5's own check of its structure; SQLite's quick_check too).
    expect(() => app?.core.store.sqlite.exec("INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 0)")).not.toThrow();
    expect(app.core.store.sqlite.pragma('quick_check', { simple: true })).toBe('ok');
  });

  it('runs idle work in slices, a failing task is logged, never thrown from the timer', async () => {
    const db = new Database(':memory:');
    const log = vi.fn();
    const idle = new IdleWork(db, 5, log);
    let slices = 0;
    idle.add(() => ++slices < 3);
    idle.add(() => {
      throw new Error('disk I/O error');
    });
    idle.wrote();
    await vi.waitFor(() => expect(log).toHaveBeenCalledTimes(1), { timeout: 2000 });
    expect(slices).toBe(3);
    expect(String(log.mock.calls[0]?.[0])).toContain('disk I/O error');
    idle.stop();
    db.close();
  });

  it('never waits on a lock another process holds: the work is left for the next pause', async () => {
    const file = join(tempDir(), 'lock.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE t (v INTEGER)');
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const log = vi.fn();
    const idle = new IdleWork(db, 5, log);
    const tried: number[] = [];
    idle.add(() => {
      const t0 = performance.now();
      try {
        db.prepare('INSERT INTO t (v) VALUES (1)').run();
      } finally {
        tried.push(performance.now() - t0);
      }
      return false;
    });
    idle.wrote();
    await vi.waitFor(() => expect(tried).toHaveLength(1), { timeout: 2000 });
    // Refused at once (busy_timeout is 5 s for the clerk's own writes), nothing logged, nothing written.
    expect(tried[0]).toBeLessThan(1000);
    expect(log).not.toHaveBeenCalled();
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    other.exec('COMMIT');
    idle.wrote();
    await vi.waitFor(() => expect(tried).toHaveLength(2), { timeout: 2000 });
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    idle.stop();
    other.close();
    db.close();
  });
});
