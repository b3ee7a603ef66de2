// An imported file is copied into the attachment store and hashed in one pass through one
// buffer (never held whole): the copy is byte for byte the source and its name is its SHA-256,
// also for a file several buffers long.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { copyAndHash } from '../../src-main/attachments/blobFiles.js';
import { tempDir } from '../support/core.js';

it('copies a file of several 1 MB pieces byte for byte and returns its SHA-256 and size', () => {
  const dir = tempDir('copy-hash-');
  const source = join(dir, 'scan.pdf');
  const bytes = randomBytes(2.5 * 1024 * 1024 + 17);
  writeFileSync(source, bytes);
  const small = Buffer.allocUnsafe(64 * 1024); // the caller's buffer, reused file after file
  const copied = copyAndHash(source, join(dir, 'copy.part'), small);
  expect(copied).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
  expect(readFileSync(join(dir, 'copy.part')).equals(bytes)).toBe(true);

  writeFileSync(join(dir, 'empty.pdf'), '');
  expect(copyAndHash(join(dir, 'empty.pdf'), join(dir, 'empty.part'))).toEqual({ sha256: createHash('sha256').digest('hex'), size: 0 });
});
