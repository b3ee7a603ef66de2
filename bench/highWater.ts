// What keeping each number (and each outbox seq) durably beside the register costs a
// registration: two appends inside its transaction, through the descriptor the register keeps
// open; the fdatasync they start runs on libuv's pool beside SQLite's commit (not timed here).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../src-main/core.js';
import { createEntry } from '../src-main/registers/entries.js';
import { recordIssued, recordOutboxSeq } from '../src-main/registers/highWater.js';
import { entryFields } from '../src-shared/schemas.js';
import { report, time } from './stats.js';

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'saraban-bench-hw-'));
  const core = openCore({ dataDir: dir });
  try {
    const fields = (i: number) => entryFields.parse({ kind: 'incoming', from: 'ศาลากลางจังหวัด', to: 'สพป.', docNo: `ที่ ชม 0017/${i}`, docDate: '2023-11-16', subject: `เรื่องทดสอบ ${i}` });
    for (let i = 0; i < 50; i++) createEntry(core.writeContext(), fields(i)); // warm up
    report('register one entry (with the high-water appends)', time(300, (i) => void createEntry(core.writeContext(), fields(i))));
    report('high-water: the number (append, flushed with the next)', time(300, (i) => recordIssued(core.store, 'order', 2599, i + 1, null)));
    report('high-water: the outbox seq (append, starts the fdatasync)', time(300, (i) => recordOutboxSeq(core.store, 1_000_000 + i)));
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  await Promise.resolve();
}
