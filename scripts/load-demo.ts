// npm run demo -- --data-dir DIR: loads the demo office (the seed fixtures) into a register.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../src-main/core.js';
import { resolveDataDir } from '../src-main/dataDir.js';
import { loadDemo } from '../src-main/registers/demo.js';
import { DomainError } from '../src-main/errors.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const core = openCore({ dataDir: resolve(resolveDataDir(values['data-dir']).dir) });
try {
  const { loaded } = loadDemo(core);
  core.store.setMeta('demo_loaded', '1');
  console.log(`โหลดข้อมูลตัวอย่างแล้ว ${loaded} รายการ (${core.dataDir})`);
} catch (e) {
  console.error(e instanceof DomainError ? e.message : e);
  process.exitCode = 1;
} finally {
  core.close();
}
