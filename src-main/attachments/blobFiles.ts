// The attachment files on disk: <dataDir>/attachments/<first two hex>/<sha256>, temp files in
// <dataDir>/attachments/tmp/. The sync helper reads this layout; do not change it.
// Every path here is built from a sha256 that was checked to be 64 hex digits, then resolved
// and checked to stay under the attachments folder: nothing the renderer sends becomes a path.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

export function attachmentsRoot(dataDir: string): string {
  return resolve(dataDir, 'attachments');
}

export function tmpDir(dataDir: string): string {
  return join(attachmentsRoot(dataDir), 'tmp');
}

/** `child` is `parent` itself or lies inside it, after resolving `..` and the like. */
export function isInside(parent: string, child: string): boolean {
  const p = resolve(parent);
  const c = resolve(child);
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
}

export function blobPath(dataDir: string, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  const root = attachmentsRoot(dataDir);
  const path = resolve(root, sha256.slice(0, 2), sha256);
  if (!isInside(root, path)) throw new Error('attachment path escapes the data folder');
  return path;
}

export function tmpPath(dataDir: string, id: string): string {
  if (!/^[0-9a-zA-Z-]{1,80}$/.test(id)) throw new Error(`not a temp id: ${id}`);
  const path = resolve(tmpDir(dataDir), `${id}.part`);
  if (!isInside(tmpDir(dataDir), path)) throw new Error('temp path escapes the data folder');
  return path;
}

export function ensureDirs(dataDir: string): void {
  mkdirSync(tmpDir(dataDir), { recursive: true });
}

const HASH_BUFFER = 1024 * 1024;

/** SHA-256 and size of a file, read in 1 MB pieces. */
export function hashFile(path: string): { sha256: string; size: number } {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(HASH_BUFFER);
  const fd = openSync(path, 'r');
  let size = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      size += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Copies `source` to `dest` and hashes it on the way, in 1 MB pieces through one buffer: a
 * file is read once and never held whole (an import copies thousands, some of them large scans).
 */
export function copyAndHash(source: string, dest: string, buf: Buffer = Buffer.allocUnsafe(HASH_BUFFER)): { sha256: string; size: number } {
  const hash = createHash('sha256');
  const from = openSync(source, 'r');
  let size = 0;
  try {
    const to = openSync(dest, 'w');
    try {
      for (;;) {
        const n = readSync(from, buf, 0, buf.length, null);
        if (n === 0) break;
        hash.update(buf.subarray(0, n));
        let off = 0;
        while (off < n) off += writeSync(to, buf, off, n - off);
        size += n;
      }
    } finally {
      closeSync(to);
    }
  } finally {
    closeSync(from);
  }
  return { sha256: hash.digest('hex'), size };
}

function fsyncPath(path: string, flags: string): void {
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch {
    return; // Windows cannot open a directory; its rename is durable once the file was flushed.
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the file itself was already flushed.
  } finally {
    closeSync(fd);
  }
}

/**
 * Moves a finished temp file to its content address: flush the file, rename it into place,
 * flush the folder. After this returns the file survives a power cut, so a database row
 * committed afterwards never points at a file that is not there.
 */
export function promoteToBlob(dataDir: string, tempFile: string, sha256: string): string {
  const target = blobPath(dataDir, sha256);
  mkdirSync(dirname(target), { recursive: true });
  fsyncPath(tempFile, 'r+');
  try {
    // Renaming over an existing copy is harmless (same bytes) and heals a damaged one.
    renameSync(tempFile, target);
  } catch (e) {
    // Windows refuses to replace a file another program has open: the copy there is kept.
    if (!existsSync(target)) throw e;
    rmSync(tempFile, { force: true });
  }
  fsyncPath(dirname(target), 'r');
  touch(target);
  return target;
}

/** Marks a file as recently used so the sweep's grace period starts again. */
export function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // A read-only copy keeps its old time; the database row protects it once committed.
  }
}

export function blobExists(dataDir: string, sha256: string): boolean {
  try {
    return statSync(blobPath(dataDir, sha256)).isFile();
  } catch {
    return false;
  }
}
