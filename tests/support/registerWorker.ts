// A separate process that registers entries into a register folder, for the concurrency and
// crash tests: node --import tsx tests/support/registerWorker.ts DIR COUNT LABEL
import { openCore } from '../../src-main/core.js';
import { createEntry } from '../../src-main/registers/entries.js';
import { entryFields } from '../../src-shared/schemas.js';

const [dir, countArg, label] = process.argv.slice(2);
if (!dir || !countArg || !label) throw new Error('usage: registerWorker DIR COUNT LABEL');
const core = openCore({ dataDir: dir, now: () => new Date('2023-11-16T10:00:00+07:00') });
const count = Number(countArg);
process.send?.({ ready: true });
for (let i = 0; i < count; i++) {
  const entry = createEntry(
    core.writeContext(),
    entryFields.parse({
      kind: 'incoming',
      from: `ผู้ส่ง ${label}`,
      to: 'สำนักงานเขตพื้นที่การศึกษา',
      docNo: `${label}/${i}`,
      docDate: '2023-11-16',
      subject: `หนังสือทดสอบ ${label} ลำดับ ${i}`,
    }),
  );
  // Tell the parent which number the clerk saw, after the commit.
  process.stdout.write(`${entry.registerNo}\n`);
}
core.close();
