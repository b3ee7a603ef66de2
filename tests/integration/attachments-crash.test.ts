// A crash between writing an attachment's file and committing its entry: the register never
// references a missing file, and the orphaned file is swept after the grace period.
import { fork } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepAttachments, verifyAttachments } from '../../src-main/attachments/service.js';
import { openCore, type Core } from '../../src-main/core.js';
import { tempDir } from '../support/core.js';
import { pdfBytes } from './attachments-files.js';

let core: Core | undefined;
afterEach(() => core?.close());

function runUntil(dir: string, file: string, mode: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork('tests/integration/attachments-crash.worker.ts', [dir, file, mode], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) child.kill('SIGKILL');
    });
    child.on('exit', () => (out ? resolve(out.trim()) : reject(new Error('the worker died before reporting'))));
  });
}

describe('a crash while attaching', () => {
  for (const mode of ['after-file', 'in-transaction'] as const) {
    it(`killed ${mode === 'after-file' ? 'after the file was written' : 'inside the entry transaction'}: no reference to a missing file, orphan swept`, async () => {
      const dir = tempDir();
      const scan = join(tempDir('saraban-src-'), 'หนังสือสแกน.pdf');
      writeFileSync(scan, pdfBytes(`crash ${mode}`));
      const said = await runUntil(dir, scan, mode);
      const sha256 = said.split(' ')[1] as string;
      if (mode === 'in-transaction') expect(said.split(' ')[2]).toBe('1'); // the rows were written before the kill
      const blob = join(dir, 'attachments', sha256.slice(0, 2), sha256);
      expect(existsSync(blob)).toBe(true);

      core = openCore({ dataDir: dir });
      const count = (sql: string) => core?.store.raw<{ n: number }>(sql)[0]?.n;
      // Nothing committed: no entry, no attachment row, no blob row, no number used.
      expect(count('SELECT count(*) AS n FROM entries')).toBe(0);
      expect(count('SELECT count(*) AS n FROM entry_attachments')).toBe(0);
      expect(count('SELECT count(*) AS n FROM blobs')).toBe(0);
      expect(count('SELECT count(*) AS n FROM outbox')).toBe(0);
      // Every reference the register holds points at a file that is there and whole.
      expect(verifyAttachments(core.store, dir, new Date())).toMatchObject({ checked: 0, missing: [], damaged: [] });
      // The orphan stays through the grace period (the clerk may still be saving), then goes.
      expect(sweepAttachments(core.store, dir, new Date(), 7)).toMatchObject({ removedFiles: 0, keptRecent: 1 });
      expect(existsSync(blob)).toBe(true);
      const later = new Date(Date.now() + 8 * 24 * 3600 * 1000);
      expect(sweepAttachments(core.store, dir, later, 7).removedFiles).toBe(1);
      expect(existsSync(blob)).toBe(false);
    });
  }
});
