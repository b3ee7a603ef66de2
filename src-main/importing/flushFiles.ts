// Makes a batch of newly written files durable at once. The attachment code flushes each file
// and its folder (two fsyncs, ~4 ms each on the development disk): right for one file a clerk
// attaches, but 20,000 imported files would spend 160 s there. An import writes all its files
// first, then flushes the file system holding them once (syncfs through `sync -f`, 0.2 s for
// 2,000 files), and only then commits the entries that reference them.
import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

function fsyncEach(paths: string[]): void {
  const dirs = new Set<string>();
  for (const p of paths) {
    const fd = openSync(p, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    dirs.add(dirname(p));
  }
  if (process.platform === 'win32') return; // a folder cannot be opened on Windows; its rename is durable once the file was flushed
  for (const d of dirs) {
    const fd = openSync(d, 'r');
    try {
      fsyncSync(fd);
    } catch {
      // Some file systems refuse fsync on a folder; the files themselves were flushed.
    } finally {
      closeSync(fd);
    }
  }
}

/** Flushes `paths` (all under `root`) to disk before the caller commits rows that reference them. */
export function flushFiles(root: string, paths: string[]): void {
  if (paths.length === 0) return;
  if (process.platform !== 'win32') {
    try {
      execFileSync('sync', ['-f', root], { stdio: 'ignore' });
      return;
    } catch {
      // No GNU sync -f (macOS, busybox): flush file by file below.
    }
  }
  fsyncEach(paths);
}
