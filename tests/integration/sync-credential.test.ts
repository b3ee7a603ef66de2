// The device credential at rest: sealed in the register (AES-256-GCM, key outside the data
// folder), absent from backups, kept across a restore, useless in a register copied elsewhere.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFile } from '../../src-main/backup/backups.js';
import { defaultKeyFile } from '../../src-main/sync/credentialVault.js';
import * as syncState from '../../src-main/sync/syncState.js';
import { openTestApp, tempDir, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { api, createOrg, credentialOf, enrol, startServer, type ServerProcess } from '../support/server/centralServer.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function device(dir = tempDir()): TestApp {
  const app = openTestApp(dir);
  cleanup.push(() => app.dispose());
  return app;
}

async function server(): Promise<ServerProcess> {
  const s = await startServer();
  cleanup.push(() => s.kill());
  return s;
}

const stored = (app: TestApp): string => app.core.store.raw<{ credential: string }>('SELECT credential FROM sync_config')[0]?.credential ?? '';

describe('sync: the device credential at rest', () => {
  it('is sealed in the register, left out of backups, kept by a restore, and useless in a copy elsewhere', async () => {
    const s = await server();
    const app = device();
    await enrol(app, s.url, (await createOrg(s, 'สพป.ชัยนาท')).code);
    const credential = credentialOf(app);
    expect(credential).toMatch(/^sdc_/);
    expect(stored(app)).toMatch(/^v1:/);
    expect(readFileSync(join(app.dataDir, 'register.sqlite')).includes(Buffer.from(credential))).toBe(false);
    const keyFile = defaultKeyFile(app.dataDir);
    expect(existsSync(keyFile)).toBe(true);
    expect(relative(app.dataDir, keyFile).startsWith('..')).toBe(true); // outside the data folder

    await app.must('backup.configure', { dir: tempDir('saraban-usb-') });
    const backup = await app.must('backup.run', {});
    const copy = new Database(backupFile(app.dataDir, backup.name), { readonly: true });
    expect(copy.prepare('SELECT credential FROM sync_config').get()).toEqual({ credential: '' });
    copy.close();

    await app.must('entries.create', incoming('หลังสำรอง'));
    await app.must('backup.restore', { name: backup.name });
    expect(credentialOf(app)).toBe(credential);
    expect((await app.must('sync.now', {})).pending).toBe(0);

    // The register folder copied to another place (another key): it cannot sync as this PC.
    app.core.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const elsewhere = tempDir('saraban-copied-');
    cpSync(join(app.dataDir, 'register.sqlite'), join(elsewhere, 'register.sqlite'));
    const copied = device(elsewhere);
    expect(syncState.readConfig(copied.core.store)?.credential).toBe('');
    await copied.must('entries.create', incoming('จากสำเนา'));
    const st = await copied.must('sync.now', {});
    expect(st.pending).toBe(1);
    expect(st.lastError).toContain('ยังไม่ได้ลงทะเบียน');
  });

  it('a credential stored in clear by an older version is sealed on first use', async () => {
    const s = await server();
    const app = device();
    await enrol(app, s.url, (await createOrg(s, 'สพป.อุทัยธานี')).code);
    const credential = credentialOf(app);
    app.core.store.sqlite.prepare('UPDATE sync_config SET credential = ?').run(credential);
    expect(credentialOf(app)).toBe(credential);
    expect(stored(app)).toMatch(/^v1:/);
    expect((await api(s.url, '/v1/org', { credential })).status).toBe(200);
  });
});
