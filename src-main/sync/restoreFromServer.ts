// What the central server knows that a restored register may have lost: its view of the books
// (the next number it expects) and its copy of the organisation's entries. Read-only calls
// through the sync client; null when no server is configured or it cannot be reached.
import type { Entry } from '../../src-shared/domain.js';
import type { BookHolding } from '../../src-shared/syncSchemas.js';
import type { Store } from '../db/store.js';
import { SyncClient, SyncHttpError } from './http.js';
import { readConfig } from './syncState.js';

function client(store: Store): { client: SyncClient; deviceId: string } | null {
  const c = readConfig(store);
  return c ? { client: new SyncClient({ baseUrl: c.serverUrl, credential: c.credential, timeoutMs: 30_000 }), deviceId: c.deviceId } : null;
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

/** The server's copy of this organisation's entries written by the books this device holds. */
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
      for (const row of page.rows as Entry[]) if (mine.has(`${row.kind} ${row.year}`)) out.push(row);
      if (!page.next) return out;
      after = page.next;
    }
  } catch (e) {
    if (e instanceof SyncHttpError) return null;
    throw e;
  }
}
