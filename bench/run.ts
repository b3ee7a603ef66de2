// npm run bench [-- name ...]: runs every benchmark (or the named ones) and prints figures.
// Each benchmark module exports `run(): Promise<void>` and prints its own lines.
import { parseArgs } from 'node:util';
import { removeTempDirs, tempDir } from '../tests/support/tempDirs.js';

process.env.TZ = 'Asia/Bangkok';
// The browser host's credential keys of the benches' registers: in a folder removed at the end.
process.env.SARABAN_KEY_DIR ??= tempDir('saraban-bench-keys-');

const benches: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  registers: () => import('./registers.js'),
  reports: () => import('./reports.js'),
  attachments: () => import('./attachments.js'),
  sync: () => import('./sync.js'),
  highwater: () => import('./highWater.js'),
  distribution: () => import('./distribution.js'),
  import: () => import('./import.js'),
  startup: () => import('./startup.js'),
  // The pdf-lib alternative to Chromium's layout, measured once (see the README); not in the default run.
  pdflib: () => import('./pdfLibLayout.js'),
};

const { positionals } = parseArgs({ allowPositionals: true });
const names = positionals.length > 0 ? positionals : Object.keys(benches).filter((n) => n !== 'pdflib');
for (const name of names) {
  const load = benches[name];
  if (!load) {
    console.error(`unknown benchmark: ${name} (known: ${Object.keys(benches).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n== ${name} ==`);
  await (await load()).run();
}
// The test helpers the benches borrow (servers, their database templates) made these folders.
removeTempDirs();
