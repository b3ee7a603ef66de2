// The office's server hands out the desktop installer: publish-update writes it and latest.yml
// under <data-dir>/updates/, the running server serves exactly those (with Range for resumed
// downloads) and nothing else from its folder.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedYaml, listedFiles, versionFromInstallerName } from '../../src-server/updates.js';
import { startServer, type ServerProcess } from '../support/server/centralServer.js';
import { tempDir } from '../support/core.js';

let server: ServerProcess;
const installerBytes = randomBytes(300_000);
const sha512 = createHash('sha512').update(installerBytes).digest('base64');

function publish(dataDir: string, file: string, ...extra: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src-server/cli.ts', 'publish-update', file, '--data-dir', dataDir, ...extra], { encoding: 'utf8' });
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: undefined });
});
afterAll(async () => {
  await server?.stop();
});

describe('updates from the office server', () => {
  it('answers 404 before anything is published', async () => {
    expect((await fetch(new URL('updates/latest.yml', server.url))).status).toBe(404);
  });

  it('publishes an installer and serves it with latest.yml (version, size, sha512)', async () => {
    const src = tempDir('saraban-release-');
    const installer = join(src, 'Saraban-Desk-Setup-0.2.0.exe');
    writeFileSync(installer, installerBytes);
    const r = publish(server.dataDir, installer);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('เผยแพร่รุ่น 0.2.0');

    const feed = await fetch(new URL('updates/latest.yml', server.url));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('cache-control')).toBe('no-cache');
    const yaml = await feed.text();
    expect(yaml).toContain('version: 0.2.0');
    expect(yaml).toContain(`path: Saraban-Desk-Setup-0.2.0.exe`);
    expect(yaml).toContain(`sha512: ${sha512}`);
    expect(yaml).toContain(`size: ${installerBytes.length}`);

    const exe = await fetch(new URL('updates/Saraban-Desk-Setup-0.2.0.exe', server.url));
    expect(exe.status).toBe(200);
    expect(createHash('sha512').update(Buffer.from(await exe.arrayBuffer())).digest('base64')).toBe(sha512);
    // electron-updater resumes an interrupted download with Range.
    const part = await fetch(new URL('updates/Saraban-Desk-Setup-0.2.0.exe', server.url), { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(installerBytes.subarray(1000, 2000))).toBe(true);
  });

  it('serves nothing else: not the server files, not unlisted files, not paths outside', async () => {
    writeFileSync(join(server.dataDir, 'updates', 'notes.txt'), 'private');
    for (const path of ['updates/notes.txt', 'updates/latest.yml.part', 'updates/../server.json', 'updates/%2e%2e/server.json', 'updates/', 'updates/Saraban-Desk-Setup-0.1.0.exe']) {
      const res = await fetch(new URL(path, server.url));
      expect(res.status, path).not.toBe(200);
    }
  });

  it('refuses a file that is not an installer, or has no version', () => {
    const src = tempDir('saraban-release-');
    writeFileSync(join(src, 'setup.exe'), 'x');
    writeFileSync(join(src, 'notes.txt'), 'x');
    const noVersion = publish(server.dataDir, join(src, 'setup.exe'));
    expect(noVersion.status).toBe(1);
    expect(noVersion.stderr).toContain('--version');
    expect(publish(server.dataDir, join(src, 'notes.txt')).stderr).toContain('.exe');
    expect(publish(server.dataDir, join(src, 'missing.exe')).stderr).toContain('ไม่พบไฟล์');
    // The earlier release stays published.
    expect(readFileSync(join(server.dataDir, 'updates', 'latest.yml'), 'utf8')).toContain('version: 0.2.0');
    const withVersion = publish(server.dataDir, join(src, 'setup.exe'), '--version', '0.2.1');
    expect(withVersion.status, withVersion.stderr).toBe(0);
    expect(readFileSync(join(server.dataDir, 'updates', 'latest.yml'), 'utf8')).toContain('version: 0.2.1');
  });

  it('reads versions and listed names as electron-builder writes them', () => {
    expect(versionFromInstallerName('Saraban-Desk-Setup-1.4.2.exe')).toBe('1.4.2');
    expect(versionFromInstallerName('Saraban-Desk-Setup-1.4.2-beta.1.exe')).toBe('1.4.2-beta.1');
    expect(versionFromInstallerName('setup.exe')).toBeNull();
    const names = listedFiles(feedYaml({ version: '1.0.0', file: 'Saraban-Desk-Setup-1.0.0.exe', size: 1, sha512: 'x' }, '2026-01-01'));
    expect([...names].sort()).toEqual(['Saraban-Desk-Setup-1.0.0.exe', 'Saraban-Desk-Setup-1.0.0.exe.blockmap', 'latest.yml']);
  });
});
