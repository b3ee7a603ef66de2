// A separate process that stages a real file and then dies (SIGKILL from the test) either
// right after the file is on disk, or inside the entry's transaction before its commit:
// node --import tsx tests/integration/attachments-crash.worker.ts DATA_DIR FILE MODE
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AttachmentService } from '../../src-main/attachments/service.js';
import { openCore } from '../../src-main/core.js';
import { insertEntries } from '../../src-main/registers/entries.js';
import { entryFields } from '../../src-shared/schemas.js';

const [dir, file, mode] = process.argv.slice(2);
if (!dir || !file || (mode !== 'after-file' && mode !== 'in-transaction')) throw new Error('usage: DATA_DIR FILE after-file|in-transaction');
const core = openCore({ dataDir: dir, now: () => new Date('2023-11-16T10:00:00+07:00') });
const files = new AttachmentService({ dataDir: dir, store: core.store, now: core.now });
const bytes = readFileSync(file);
const { uploadId } = files.stageBegin({ name: basename(file), size: bytes.length });
files.stageChunk({ uploadId, offset: 0, data: bytes.toString('base64') });
const staged = files.stageFinish({ uploadId });
if (mode === 'after-file') {
  process.stdout.write(`staged ${staged.sha256}\n`);
} else {
  const refs = files.resolve([{ stagedId: staged.stagedId, description: 'ก่อนไฟดับ' }], null) ?? [];
  // The entry's transaction, held open: entry, version, outbox and attachment rows written,
  // not committed. The process is killed here.
  core.store.sqlite.prepare('BEGIN IMMEDIATE').run();
  const fields = entryFields.parse({ kind: 'incoming', from: 'ก', to: 'ข', docDate: '2023-11-16', subject: 'ไฟดับระหว่างบันทึก' });
  const [entry] = insertEntries(core.writeContext(), 'incoming', [fields], [refs]);
  process.stdout.write(`in-transaction ${staged.sha256} ${entry?.attachments.length ?? 0}\n`);
}
setInterval(() => undefined, 1000);
