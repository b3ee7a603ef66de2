// A desktop process for the "killed between its local commit and the push" test: opens the
// register in a data folder (already enrolled), runs the background sync loop, and registers
// entries one by one, printing each; the test kills it with SIGKILL at an arbitrary point.
import { openCore } from '../../../src-main/core.js';
import { createEntry } from '../../../src-main/registers/entries.js';
import { startSync } from '../../../src-main/sync/index.js';
import { entryFields } from '../../../src-shared/schemas.js';
import { incoming, outgoing } from '../entries.js';

const [dataDir, countArg] = process.argv.slice(2);
const core = openCore({ dataDir: dataDir as string });
startSync(core, { intervalMs: 20, batchSize: 25, baseBackoffMs: 50, maxBackoffMs: 200 });
const count = Number(countArg);
for (let i = 0; i < count; i++) {
  const fields = entryFields.parse(i % 2 === 0 ? incoming(`งานเครื่องถูกปิด ${i}`) : outgoing(`งานเครื่องถูกปิด ${i}`));
  createEntry(core.writeContext(), fields);
  process.stdout.write(`registered ${i + 1}\n`);
  await new Promise((r) => setTimeout(r, 2));
}
process.stdout.write('done\n');
