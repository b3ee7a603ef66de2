import { fork } from 'node:child_process';
import { writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core.js';
import { RegisterOpenError } from '../../src-main/db/open.js';
import { localMigrationsDir } from '../../src-main/paths.js';
import { openTestApp, tempDir, type TestApp } from '../support/core.js';

let app: TestApp | undefined;
afterEach(() => app?.dispose());

describe('a register that survives', () => {
  it('a process killed in the middle of a batch of registrations: consistent, no gap', async () => {
    const dir = tempDir();
    const seen: number[] = [];
    await new Promise<void>((resolve) => {
      const child = fork('tests/support/registerWorker.ts', [dir, '100000', 'K'], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      });
      let buffer = '';
      child.stdout?.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const l of lines) seen.push(Number(l));
        if (seen.length >= 300) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    app = openTestApp(dir);
    const rows = app.core.store.raw<{ register_no: number; versions: number; outbox: number }>(
      `SELECT e.register_no,
        (SELECT count(*) FROM entry_versions v WHERE v.entry_id = e.id) AS versions,
        (SELECT count(*) FROM outbox o WHERE o.entity_id = e.id) AS outbox
       FROM entries e ORDER BY e.register_no`,
    );
    // Every number the clerk was shown is in the register...
    expect(rows.length).toBeGreaterThanOrEqual(seen.length);
    // ...numbers run 1..n with no gap, and each entry has its version and its outbox row.
    expect(rows.map((r) => r.register_no)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.every((r) => r.versions === 1 && r.outbox === 1)).toBe(true);
    const book = app.core.store.raw<{ next_no: number; entry_count: number }>("SELECT next_no, entry_count FROM books WHERE kind = 'incoming'")[0];
    expect(book).toEqual({ next_no: rows.length + 1, entry_count: rows.length });
    expect(app.core.store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // And the next registration continues the sequence.
    const next = await app.must('entries.create', { kind: 'incoming', from: 'ก', to: 'ข', docDate: '2023-11-16', subject: 'หลังไฟดับ' });
    expect(next.registerNo).toBe(rows.length + 1);
  });

  it('refuses a database written by a newer version of the app', () => {
    app = openTestApp();
    app.core.store.sqlite.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (9990, ?, ?)').run('from_the_future', 'x');
    app.core.close();
    // Refused as what it is (a newer app's file), never as damage that recovery would set aside.
    let thrown: unknown;
    try {
      openCore({ dataDir: app.dataDir });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RegisterOpenError);
    expect((thrown as RegisterOpenError).kind).toBe('too-new');
  });

  it('backs up the database before applying a new migration, and applies each file whole', async () => {
    const migrations = tempDir('saraban-migrations-');
    for (const f of readdirSync(localMigrationsDir())) copyFileSync(join(localMigrationsDir(), f), join(migrations, f));
    const dir = tempDir();
    let core = openCore({ dataDir: dir, migrationsDir: migrations });
    core.store.sqlite.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'before')").run();
    core.close();
    // A broken migration rolls back whole: its first statement does not stick.
    writeFileSync(join(migrations, '9000_broken.sql'), "CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n");
    expect(() => openCore({ dataDir: dir, migrationsDir: migrations })).toThrow(/no_such_table/);
    writeFileSync(join(migrations, '9000_broken.sql'), "CREATE TABLE half_done (x INTEGER);\nINSERT INTO meta (key, value) VALUES ('probe2', 'after');\n");
    core = openCore({ dataDir: dir, migrationsDir: migrations });
    expect(core.store.raw<{ value: string }>("SELECT value FROM meta WHERE key = 'probe2'")[0]?.value).toBe('after');
    core.close();
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups.length).toBeGreaterThanOrEqual(1);
    const Database = (await import('better-sqlite3')).default;
    const backup = new Database(join(dir, 'backups', backups[backups.length - 1] as string), { readonly: true });
    expect(backup.prepare("SELECT value FROM meta WHERE key = 'probe'").get()).toEqual({ value: 'before' });
    expect(backup.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    backup.close();
  });
});
