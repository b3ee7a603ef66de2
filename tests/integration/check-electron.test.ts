// npm run check:electron needs the real Electron binary (the Windows build machine). Where it is
// missing it must say so and exit with its own code, so a release script never mistakes "could
// not run here" for "passed" or for "the app failed".
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/core.js';

describe('npm run check:electron without an Electron binary', () => {
  it('says so in Thai and exits with EXIT_NO_ELECTRON (3)', () => {
    const empty = tempDir('saraban-no-electron-');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-electron.ts'], { encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty } });
      expect(r.status, r.stderr).toBe(3);
      expect(r.stderr).toContain('ไม่พบโปรแกรม Electron');
      expect(r.stdout).not.toContain('ผ่าน');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
