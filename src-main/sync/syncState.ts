// Sync's own state in the local register: the enrolment, the pull cursor and last attempt,
// the book holdings, and applying a pulled page (migrations/local/0030_sync.sql). The outbox
// itself is src-main/sync/outbox.ts. Nothing here awaits.
import type { Store } from '../db/store.js';
import { setNextNumber } from '../registers/books.js';
import type { BookHolding, EnrolResponse, OrgKind, PullItem } from '../../src-shared/syncSchemas.js';
import { bookkeeping, run } from './bookkeeping.js';
import { DIST_PULL_TYPES, type DistPullItem } from '../../src-shared/distributionSchemas.js';
import { applyDistributionItem } from '../distribution/inbox.js';
import { credentialVaultFor, isSealed } from './credentialVault.js';

/** What the server answered at enrolment, and where and when. */
export interface SyncConfig extends EnrolResponse {
  serverUrl: string;
  enrolledAt: string;
}

export interface SyncStateRow {
  pull_cursor: number;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
}

/** The credential as stored: sealed by the register's vault (an older plain one is sealed now). */
function openCredential(store: Store, stored: string): string {
  if (stored === '') return '';
  const vault = credentialVaultFor(store);
  if (!isSealed(stored)) {
    run(store, 'UPDATE sync_config SET credential = ? WHERE id = 1', vault.seal(stored));
    return stored;
  }
  try {
    return vault.open(stored);
  } catch {
    // Another PC's key (a register copied here) or a lost key: the PC must be enrolled again.
    return '';
  }
}

export function readConfig(store: Store): SyncConfig | null {
  const row = store.raw<Record<string, string>>('SELECT * FROM sync_config WHERE id = 1')[0];
  if (!row) return null;
  const credential = openCredential(store, row.credential as string);
  return {
    serverUrl: row.server_url as string,
    deviceId: row.device_id as string,
    orgId: row.org_id as string,
    orgName: row.org_name as string,
    orgKind: row.org_kind as OrgKind,
    credential,
    credentialExpiresAt: row.credential_expires_at as string,
    enrolledAt: row.enrolled_at as string,
  };
}

export function saveConfig(store: Store, c: SyncConfig): void {
  const sealed = credentialVaultFor(store).seal(c.credential);
  const previous = store.raw<{ device_id: string; server_url: string }>('SELECT device_id, server_url FROM sync_config WHERE id = 1')[0];
  const sameDevice = previous?.device_id === c.deviceId && previous.server_url === c.serverUrl;
  store.tx(() => {
    run(store, 'DELETE FROM sync_config');
    run(
      store,
      'INSERT INTO sync_config (id, server_url, device_id, org_id, org_name, org_kind, credential, credential_expires_at, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)',
      c.serverUrl, c.deviceId, c.orgId, c.orgName, c.orgKind, sealed, c.credentialExpiresAt, c.enrolledAt,
    );
    // A new enrolment starts a new feed: its cursor and its book list belong to that server.
    // The same device renewed (the yearly re-enrolment) carries on where it was.
    if (sameDevice) run(store, 'UPDATE sync_state SET last_error = NULL');
    else {
      run(store, 'UPDATE sync_state SET pull_cursor = 0, last_error = NULL');
      run(store, 'DELETE FROM sync_books');
    }
  });
}

export function readState(store: Store): SyncStateRow {
  return store.raw<SyncStateRow>('SELECT pull_cursor, last_success_at, last_attempt_at, last_error FROM sync_state WHERE id = 1')[0] as SyncStateRow;
}

export function recordAttempt(store: Store, at: string, error: string | null, success: boolean): void {
  bookkeeping(store, () => recordAttemptNow(store, at, error, success));
}

function recordAttemptNow(store: Store, at: string, error: string | null, success: boolean): void {
  if (success) run(store, 'UPDATE sync_state SET last_attempt_at = ?, last_success_at = ?, last_error = NULL WHERE id = 1', at, at);
  else run(store, 'UPDATE sync_state SET last_attempt_at = ?, last_error = ? WHERE id = 1', at, error);
}

/**
 * Applies one page of pull in one transaction, with the new cursor. An item of a kind this
 * version does not understand stops the page there: the cursor stays before it (so nothing is
 * skipped once the app is updated) and the item is returned for the clerk to be told.
 */
export function applyPull(store: Store, items: PullItem[], cursor: number, at: string, myDeviceId: string): PullItem | null {
  return bookkeeping(store, () => {
    let reached = readState(store).pull_cursor;
    for (const item of items) {
      if (item.type !== 'ack' && item.type !== 'book' && !isDistPullItem(item)) {
        run(store, 'UPDATE sync_state SET pull_cursor = ? WHERE id = 1', reached);
        return item;
      }
      reached = item.serverSeq;
      if (item.type === 'ack') {
        // An answer lost on the way back arrives here instead.
        if (item.status === 'accepted') run(store, "UPDATE outbox SET state = 'sent', sent_at = ? WHERE seq = ? AND state = 'pending'", at, item.seq);
        else run(store, "UPDATE outbox SET state = 'rejected', reject_reason = ?, sent_at = ? WHERE seq = ? AND state = 'pending'", item.reason, at, item.seq);
      } else if (item.type === 'book') {
        saveBook(store, item.book, at);
        if (item.book.holderDeviceId === myDeviceId) continueNumbering(store, item.book, at);
      } else applyDistributionItem(store, item, at);
    }
    run(store, 'UPDATE sync_state SET pull_cursor = ? WHERE id = 1', cursor);
    return null;
  });
}

const DIST_TYPES = new Set<string>(DIST_PULL_TYPES);
const isDistPullItem = (item: PullItem): item is DistPullItem => DIST_TYPES.has(item.type);

/** A book handed to this device continues from the server's next number, never reusing one. */
function continueNumbering(store: Store, b: BookHolding, at: string): void {
  const local = store.raw<{ next_no: number }>('SELECT next_no FROM books WHERE kind = ? AND year = ?', [b.kind, b.year])[0];
  if (local && local.next_no >= b.nextNo) return;
  const used = store.raw<{ m: number | null }>(
    'SELECT max(e.register_no) AS m FROM entries e JOIN books k ON k.id = e.book_id WHERE k.kind = ? AND k.year = ?',
    [b.kind, b.year],
  )[0]?.m;
  if ((used ?? 0) >= b.nextNo) return; // this device wrote further itself (its items were refused): keep
  setNextNumber(store, { kind: b.kind, year: b.year, sequence: 'main', next: b.nextNo, reason: 'รับมอบทะเบียนจากเครื่องอื่นผ่านเซิร์ฟเวอร์' }, 'ระบบซิงก์', at);
}

export function saveBook(store: Store, b: BookHolding, at: string): void {
  run(
    store,
    'INSERT INTO sync_books (kind, year, holder_device_id, next_no, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, year) DO UPDATE SET holder_device_id = excluded.holder_device_id, next_no = excluded.next_no, updated_at = excluded.updated_at',
    b.kind, b.year, b.holderDeviceId, b.nextNo, at,
  );
}

