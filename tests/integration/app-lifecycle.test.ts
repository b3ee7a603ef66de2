// One start-up and one lifecycle (src-main/app.ts): services start in order once the register
// is open (at start-up or after a restore), stop in reverse, once; a damaged or unavailable
// register starts none.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultServices, startApp, type BackgroundService, type RunningApp } from '../../src-main/app.js';
import type { PdfPrinter } from '../../src-main/reports/pdfPrinter.js';
import { openTestApp, tempDir } from '../support/core.js';

let running: RunningApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function recordingServices(events: string[]): BackgroundService[] {
  return ['sync', 'backups', 'printers'].map((name) => ({
    name,
    start: (core) => {
      events.push(`start ${name} ${core.deviceId.length > 0 ? 'open' : '?'}`);
      return async () => {
        await new Promise((r) => setTimeout(r, 5));
        events.push(`stop ${name}`);
      };
    },
  }));
}

const printer = (events: string[]): PdfPrinter => ({ name: 'recording', pdf: async () => new Uint8Array(), close: async () => void events.push('close printer') });

describe('startApp', () => {
  it('starts every service once the register is open, and stops them in reverse before closing it', async () => {
    const dir = tempDir('saraban-app-');
    dirs.push(dir);
    const events: string[] = [];
    running = startApp({ dataDir: dir, services: recordingServices(events), printer: printer(events), log: () => undefined });
    expect(running.mode()).toBe('normal');
    expect(events).toEqual(['start sync open', 'start backups open', 'start printers open']);
    const core = running.core();
    await Promise.all([running.stop(), running.stop()]);
    expect(events.slice(3)).toEqual(['stop printers', 'stop backups', 'stop sync', 'close printer']);
    expect(() => core?.store.raw('SELECT 1')).toThrow(/not open/);
  });

  it('starts nothing on a damaged register, and everything after the restore', async () => {
    const app = openTestApp();
    await app.must('backup.run', {});
    app.core.close();
    const fd = openSync(join(app.dataDir, 'register.sqlite'), 'r+');
    writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    closeSync(fd);
    const events: string[] = [];
    running = startApp({ dataDir: app.dataDir, services: recordingServices(events), log: () => undefined });
    expect(running.mode()).toBe('recovery');
    expect(events).toEqual([]);
    expect((await running.dispatch('recovery.restore', { name: null })).ok).toBe(true);
    expect(running.mode()).toBe('normal');
    expect(events).toEqual(['start sync open', 'start backups open', 'start printers open']);
    await running.stop();
    expect(events.slice(3)).toEqual(['stop printers', 'stop backups', 'stop sync']);
    app.dispose();
  });

  it('the default list is the desktop app\'s: sync, backups and the audit trail\'s daily check', () => {
    expect(defaultServices().map((s) => s.name)).toEqual(['sync', 'backups', 'audit-watch']);
  });
});
