// What the background quick check's answer means (src-main/db/backgroundCheck.ts): only SQLite's
// own verdict is damage; a check that could not run sends nobody to the recovery screen.
import { describe, expect, it } from 'vitest';
import { integrityOutcome } from '../../src-main/db/backgroundCheck.js';

describe('the background check\'s outcome', () => {
  it('is ok only for the single line "ok"', () => {
    expect(integrityOutcome({ kind: 'done', lines: ['ok'] })).toEqual({ state: 'ok' });
    expect(integrityOutcome({ kind: 'done', lines: [] }).state).toBe('damaged');
  });

  it('is damage when quick_check reports problems, with its first lines as the detail', () => {
    const lines = ['*** in database main ***', 'Tree 20 page 20 cell 1: Offset 65535 out of range 1217..4092', 'a', 'b', 'c', 'd'];
    expect(integrityOutcome({ kind: 'done', lines })).toEqual({ state: 'damaged', detail: lines.slice(0, 5).join('; ') });
  });

  it('is damage when SQLite says the file is corrupt or not a database', () => {
    expect(integrityOutcome({ kind: 'error', code: 'SQLITE_CORRUPT', message: 'database disk image is malformed' }).state).toBe('damaged');
    expect(integrityOutcome({ kind: 'error', code: 'SQLITE_CORRUPT_INDEX', message: 'x' }).state).toBe('damaged');
    expect(integrityOutcome({ kind: 'error', code: 'SQLITE_NOTADB', message: 'file is not a database' }).state).toBe('damaged');
  });

  it('is "failed", never damage, for a locked file, missing rights or a native module that does not load', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_CANTOPEN', 'ERR_DLOPEN_FAILED', 'MODULE_NOT_FOUND', '']) {
      expect([code, integrityOutcome({ kind: 'error', code, message: 'm' }).state]).toEqual([code, 'failed']);
    }
  });
});
