// What the central server knows that a restored register may have lost: its view of the books
// (the next number it expects) and its copy of the organisation's entries. Read-only calls
// through the sync client; null when no server is configured or it cannot be reached.
import type { Entry } from '../../src-shared/domain.js';
import type { BookHolding } from '../../src-shared/syncSchemas.js';
import type { Store } from '../db/store.js';
import { SyncClient, SyncHttpError } from './http.js';
import { readConfig } from './syncState.js';
import { blobExists } from '../attachments/blobFiles.js';
import { keepFile, keepOpenedFile, openServerEntry, type SealedAttachment } from './sealing.js';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';

function client(store: Store): { client: SyncClient; deviceId: string } | null {
  const c = readConfig(store);
  return c ? { client: new SyncClient({ baseUrl: c.serverUrl, credential: c.credential, timeoutMs: 30_000 }), deviceId: c.deviceId } : null;
}

/** A client for one read-only call to this PC's server, or null when none is configured. */
export function syncClientFor(store: Store): SyncClient | null {
  return client(store)?.client ?? null;
}

/** The books this device holds on the server, with the server's next number. */
export async function fetchServerBooks(store: Store): Promise<BookHolding[] | null> {
  const c = client(store);
  if (!c) return null;
  try {
    return (await c.client.org()).books.filter((b) => b.holderDeviceId === c.deviceId);
  } catch (e) {
    if (e instanceof SyncHttpError) return null;
    throw e;
  }
}

/**
 * The server's copy of this organisation's entries written by the books this device holds,
 * as this PC can read them: a sealed secret entry opened with the office key, or shown as
 * "ลับ" without its files when this PC has no key (sync/sealing.ts).
 */
export async function fetchServerEntries(store: Store): Promise<Entry[] | null> {
  const c = client(store);
  if (!c) return null;
  const books = await fetchServerBooks(store);
  if (books === null) return null;
  const mine = new Set(books.map((b) => `${b.kind} ${b.year}`));
  const out: Entry[] = [];
  try {
    for (let after = ''; ; ) {
      const page = await c.client.entries(after, 1000);
      for (const row of page.rows as Entry[]) if (mine.has(`${row.kind} ${row.year}`)) out.push(openServerEntry(store, row as unknown as Record<string, unknown>));
      if (!page.next) return out;
      after = page.next;
    }
  } catch (e) {
    if (e instanceof SyncHttpError) return null;
    throw e;
  }
}

/**
 * Brings the files of entries read from the server onto this PC (those it lacks): a sealed
 * entry's from their encrypted copies, opened with the office key; others as they are. Each is
 * kept only when its bytes hash to the file's SHA-256. Answers how many files are here now;
 * a file the server cannot give stays missing (the entry comes back without it).
 */
export async function fetchServerFiles(store: Store, entries: Entry[]): Promise<number> {
  const c = client(store);
  if (!c) return 0;
  const dataDir = dirname(store.sqlite.name);
  let here = 0;
  for (const e of entries) {
    for (const a of e.attachments ?? []) {
      if (blobExists(dataDir, a.sha256)) {
        here++;
        continue;
      }
      const sealed = (a as Partial<SealedAttachment>).sealedSha256;
      try {
        const bytes = await c.client.getBlob(sealed ?? a.sha256);
        if (sealed) keepOpenedFile(store, a as SealedAttachment, bytes);
        else if (createHash('sha256').update(bytes).digest('hex') === a.sha256) keepFile(store, a.sha256, bytes);
        else continue;
        here++;
      } catch {
        // Unreachable, refused or not openable: the entry comes back without this file.
      }
    }
  }
  return here;
}
