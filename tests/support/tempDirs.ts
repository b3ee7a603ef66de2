// Folders the tests make under the OS temp folder, removed after their test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const madeDirs: string[] = [];

/** A fresh folder under the OS temp folder, removed after its test file (removeTempDirs.ts). */
export function tempDir(prefix = 'saraban-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/**
 * Removes every folder tempDir made in this test file. Without it each full run left ~5 GB of
 * server databases in /tmp, and runs on the same machine filled its disk (the CI of stop 21).
 */
export function removeTempDirs(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
