// Registered first in every project (setupFiles), so its afterAll runs last: after the file's
// own hooks have stopped the servers and closed the registers that live in these folders.
// The browser host's credential keys go to a folder of the file's own too (by default they sit
// in ".saraban-keys" beside the data folder, which for a test is the OS temp folder itself).
import { afterAll } from 'vitest';
import { removeTempDirs, tempDir } from './tempDirs.js';

const keyDir = process.env.SARABAN_KEY_DIR;
process.env.SARABAN_KEY_DIR = tempDir('saraban-keys-');

afterAll(() => {
  if (keyDir === undefined) delete process.env.SARABAN_KEY_DIR;
  else process.env.SARABAN_KEY_DIR = keyDir;
  removeTempDirs();
});
