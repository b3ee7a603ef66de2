// Attachments: saving an entry with a 20 MB scanned PDF (staged in 1 MB base64 chunks through
// the same service the API uses, checked, hashed, fsynced, renamed, committed with the entry),
// and the check (rehash) over 10,000 stored files.
import { randomBytes, createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttachmentService, verifyAttachments } from '../src-main/attachments/service.js';
import { blobPath } from '../src-main/attachments/blobFiles.js';
import { openCore } from '../src-main/core.js';
import { createEntry } from '../src-main/registers/entries.js';
import { ATTACHMENT_LIMITS } from '../src-shared/attachmentSchemas.js';
import { entryFields } from '../src-shared/schemas.js';
import { report, reportOnce, timeAsync } from './stats.js';

const FILES = Number(process.env.BENCH_ATTACHMENT_FILES ?? 10_000);
const FILE_BYTES = Number(process.env.BENCH_ATTACHMENT_FILE_BYTES ?? 64 * 1024);

function scannedPdf(bytes: number, seed: number): Buffer {
  // A PDF header and trailer around incompressible bytes, as a scan's image stream is.
  const head = Buffer.from(`%PDF-1.5\n%bench ${seed}\n`, 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(bytes - head.length - tail.length), tail]);
}

export async function run(): Promise<void> {
  const dir = join(process.cwd(), 'bench-data', 'attachments');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const core = openCore({ dataDir: dir });
  const files = new AttachmentService({ dataDir: dir, store: core.store, now: () => new Date() });
  const fields = entryFields.parse({ kind: 'incoming', from: 'ศาลากลางจังหวัด', to: 'สพป.', docDate: '2023-11-16', subject: 'หนังสือสแกน 20 MB' });

  const size = 20 * 1024 * 1024 - 1024; // just under the default limit
  const t = await timeAsync(5, async (i) => {
    const pdf = scannedPdf(size, i);
    const base64Chunks: string[] = [];
    for (let o = 0; o < pdf.length; o += ATTACHMENT_LIMITS.chunkBytes) base64Chunks.push(pdf.subarray(o, o + ATTACHMENT_LIMITS.chunkBytes).toString('base64'));
    const { uploadId } = files.stageBegin({ name: `สแกน${i}.pdf`, size: pdf.length });
    let offset = 0;
    for (const data of base64Chunks) {
      files.stageChunk({ uploadId, offset, data });
      offset += ATTACHMENT_LIMITS.chunkBytes;
    }
    const staged = files.stageFinish({ uploadId });
    createEntry(core.writeContext(), fields, files.resolve([{ stagedId: staged.stagedId, description: '' }], null));
  });
  report('save an entry with a 20 MB PDF (stage 20 chunks + check + commit)', t, 2000);

  // 10,000 stored files straight onto disk and into blobs (the check reads both).
  const seedT0 = performance.now();
  const insert = core.store.sqlite.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime_type, created_at) VALUES (?, ?, ?, ?)');
  core.store.sqlite.transaction(() => {
    for (let i = 0; i < FILES; i++) {
      const bytes = randomBytes(FILE_BYTES);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const path = blobPath(dir, sha);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, bytes);
      insert.run(sha, bytes.length, 'application/pdf', new Date().toISOString());
    }
  })();
  reportOnce(`(seeded ${FILES.toLocaleString('en-US')} files of ${FILE_BYTES / 1024} KB)`, performance.now() - seedT0);
  const v0 = performance.now();
  const r = verifyAttachments(core.store, dir, new Date());
  const ms = performance.now() - v0;
  if (r.missing.length + r.damaged.length > 0) throw new Error('the bench data should verify clean');
  reportOnce(`check: rehash ${r.checked.toLocaleString('en-US')} files (${((r.checked * FILE_BYTES) / 1048576).toFixed(0)} MB)`, ms, 60_000);
  core.close();
  rmSync(dir, { recursive: true, force: true });
}
