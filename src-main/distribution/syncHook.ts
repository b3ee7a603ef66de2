// The distribution's part of a sync cycle, after push and pull: refresh the directory when the
// server's copy changed, and download the files of received documents once (kept in the
// register's content-addressed store, verified by SHA-256, opened offline afterwards).
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import { ensureDirs, promoteToBlob, tmpPath } from '../attachments/blobFiles.js';
import type { Core } from '../core.js';
import { SyncHttpError, type SyncClient } from '../sync/http.js';
import { directoryVersion, saveDirectory } from './directory.js';

export async function syncDistribution(core: Core, client: SyncClient): Promise<void> {
  const { store } = core;
  try {
    saveDirectory(store, await client.directory(directoryVersion(store)));
  } catch (e) {
    // An older server without the directory: the rest of sync goes on.
    if (!(e instanceof SyncHttpError && e.status === 404)) throw e;
  }
  const missing = store.raw<{ sha256: string; size: number; mime_type: string }>('SELECT DISTINCT sha256, size, mime_type FROM dist_files WHERE downloaded = 0');
  for (const f of missing) {
    const bytes = await client.getBlob(f.sha256);
    if (createHash('sha256').update(bytes).digest('hex') !== f.sha256) {
      throw new SyncHttpError(422, 'hash_mismatch', 'ไฟล์แนบที่ดาวน์โหลดไม่ตรงกับรหัส SHA-256 จะดาวน์โหลดใหม่ในรอบถัดไป', false);
    }
    ensureDirs(core.dataDir);
    const tmp = tmpPath(core.dataDir, randomUUID());
    writeFileSync(tmp, bytes);
    promoteToBlob(core.dataDir, tmp, f.sha256);
    store.tx(() => {
      store.sqlite.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime_type, created_at) VALUES (?, ?, ?, ?)').run(f.sha256, bytes.length, f.mime_type, localIsoTimestamp(core.now()));
      store.sqlite.prepare('UPDATE dist_files SET downloaded = 1 WHERE sha256 = ?').run(f.sha256);
    });
  }
}
