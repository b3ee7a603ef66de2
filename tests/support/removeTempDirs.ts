// Registered first in every project (setupFiles), so its afterAll runs last: after the file's
// own hooks have stopped the servers and closed the registers that live in these folders.
import { afterAll } from 'vitest';
import { removeTempDirs } from './tempDirs.js';

afterAll(() => removeTempDirs());
