// The check (every stored file against its hash) and the sweep (files no entry references,
// once their grace period is over). Both can run while the app is in use: they read the
// register and touch only files that no committed row points at.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobProblem, BlobProblemEntry, SweepReport, VerifyReport } from '../../src-shared/attachmentSchemas.js';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import type { Store } from '../db/store.js';
import { attachmentsRoot, blobPath, hashFile, tmpDir } from './blobFiles.js';

/** A folder's names, or none when it does not exist (yet). */
function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const HEX2 = /^[0-9a-f]{2}$/;

function entriesUsing(store: Store, sha256: string): BlobProblemEntry[] {
  return store
    .raw<{ entry_id: string; kind: string; year: number; register_no: number; name: string }>(
      `SELECT DISTINCT a.entry_id, e.kind, e.year, e.register_no, a.name
       FROM entry_attachments a JOIN entries e ON e.id = a.entry_id WHERE a.sha256 = ? ORDER BY e.year, e.register_no`,
      [sha256],
    )
    .map((r) => ({ entryId: r.entry_id, kind: r.kind, year: r.year, registerNo: r.register_no, name: r.name }));
}

/** Rehashes every file the register knows; lists the missing and the damaged with their entries. */
export function verifyAttachments(store: Store, dataDir: string, now: Date): VerifyReport {
  const missing: BlobProblem[] = [];
  const damaged: BlobProblem[] = [];
  let checked = 0;
  for (const { sha256, size } of store.raw<{ sha256: string; size: number }>('SELECT sha256, size FROM blobs ORDER BY sha256')) {
    checked++;
    const path = blobPath(dataDir, sha256);
    let problem: BlobProblem['problem'] | null = null;
    try {
      if (!statSync(path).isFile()) problem = 'missing';
      else {
        const actual = hashFile(path);
        if (actual.sha256 !== sha256 || actual.size !== size) problem = 'damaged';
      }
    } catch {
      problem = 'missing';
    }
    if (problem) (problem === 'missing' ? missing : damaged).push({ sha256, problem, entries: entriesUsing(store, sha256) });
  }
  return { checked, okCount: checked - missing.length - damaged.length, missing, damaged, checkedAt: localIsoTimestamp(now) };
}

function mtimeMs(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Removes files no entry references whose grace period is over: blob rows without a reference
 * (by created_at), files without a row (a crash between writing the file and committing the
 * entry, or a staged file never saved; by mtime), abandoned temp files and old exported copies.
 */
export function sweepAttachments(store: Store, dataDir: string, now: Date, graceDays: number): SweepReport {
  const cutoff = now.getTime() - graceDays * 24 * 60 * 60 * 1000;
  const report: SweepReport = { removedFiles: 0, removedRows: 0, freedBytes: 0, keptRecent: 0 };
  const remove = (path: string, size: number) => {
    rmSync(path, { force: true });
    report.removedFiles++;
    report.freedBytes += size;
  };

  const unreferenced = store.raw<{ sha256: string; size: number; created_at: string }>(
    `SELECT b.sha256, b.size, b.created_at FROM blobs b
     WHERE NOT EXISTS (SELECT 1 FROM entry_attachments a WHERE a.sha256 = b.sha256)
       AND NOT EXISTS (SELECT 1 FROM dist_files d WHERE d.sha256 = b.sha256)`,
  );
  for (const b of unreferenced) {
    const path = blobPath(dataDir, b.sha256);
    const m = mtimeMs(path);
    if (Date.parse(b.created_at) >= cutoff || (m !== null && m >= cutoff)) {
      report.keptRecent++;
      continue;
    }
    const deleted = store.tx(() => {
      // A document sent or received electronically holds its files too (src-main/distribution).
      const stillFree =
        store.raw<{ n: number }>('SELECT (SELECT count(*) FROM entry_attachments WHERE sha256 = ?) + (SELECT count(*) FROM dist_files WHERE sha256 = ?) AS n', [b.sha256, b.sha256])[0]?.n === 0;
      if (stillFree) store.sqlite.prepare('DELETE FROM blobs WHERE sha256 = ?').run(b.sha256);
      return stillFree;
    });
    if (!deleted) continue;
    report.removedRows++;
    if (m !== null) remove(path, b.size);
  }

  const root = attachmentsRoot(dataDir);
  const known = store.sqlite.prepare('SELECT 1 AS x FROM blobs WHERE sha256 = ?');
  /** A file no row references: kept through the grace period, then removed. */
  const sweepFile = (path: string): void => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile()) return;
    if (st.mtimeMs >= cutoff) report.keptRecent++;
    else remove(path, st.size);
  };
  const dirs = listDir(root).filter((d) => HEX2.test(d));
  for (const d of dirs) {
    for (const f of readdirSync(join(root, d))) {
      if (!SHA256.test(f) || !f.startsWith(d)) continue;
      if (known.get(f) !== undefined) continue;
      sweepFile(blobPath(dataDir, f));
    }
  }

  // Copies handed to the system's program (attachments.exportCopy): never the register's own.
  const exportsRoot = join(dataDir, 'exports');
  for (const d of listDir(exportsRoot)) {
    const path = join(exportsRoot, d);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isDirectory() || st.mtimeMs >= cutoff) continue;
    rmSync(path, { recursive: true, force: true });
  }

  for (const f of listDir(tmpDir(dataDir)).filter((name) => name.endsWith('.part'))) sweepFile(join(tmpDir(dataDir), f));
  return report;
}
