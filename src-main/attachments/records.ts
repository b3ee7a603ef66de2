// The attachment rows in the register: which file sits in which slot of which entry version.
// Called from the entry writes (src-main/registers/entries.ts) inside their transaction.
import type { AttachmentRef } from '../../src-shared/domain.js';
import type { AttachmentHistoryRow } from '../../src-shared/attachmentSchemas.js';
import type { Store } from '../db/store.js';

interface RefRow {
  entry_id: string;
  sha256: string;
  size: number;
  name: string;
  mime_type: string;
  description: string;
  position: number;
}

const toRef = (r: RefRow): AttachmentRef => ({
  sha256: r.sha256,
  size: r.size,
  name: r.name,
  mimeType: r.mime_type,
  description: r.description,
  position: r.position,
});

/** The current files of a set of entries (a list page): one query using the partial index. */
export function currentAttachments(store: Store, entryIds: string[]): Map<string, AttachmentRef[]> {
  const out = new Map<string, AttachmentRef[]>();
  if (entryIds.length === 0) return out;
  const rows = store.raw<RefRow>(
    `SELECT a.entry_id, a.sha256, b.size, a.name, b.mime_type, a.description, a.position
     FROM entry_attachments a JOIN blobs b ON b.sha256 = a.sha256
     WHERE a.entry_id IN (SELECT value FROM json_each(?)) AND a.version_to IS NULL
     ORDER BY a.entry_id, a.position`,
    [JSON.stringify(entryIds)],
  );
  for (const r of rows) {
    const list = out.get(r.entry_id) ?? [];
    list.push(toRef(r));
    out.set(r.entry_id, list);
  }
  return out;
}

/** Fills `attachments` on entries read without them. */
export function withAttachments<E extends { id: string; attachments: AttachmentRef[] }>(store: Store, entries: E[]): E[] {
  const map = currentAttachments(store, entries.map((e) => e.id));
  for (const e of entries) e.attachments = map.get(e.id) ?? [];
  return entries;
}

export function sameAttachments(a: AttachmentRef[], b: AttachmentRef[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return y !== undefined && x.sha256 === y.sha256 && x.name === y.name && x.description === y.description && x.position === y.position;
    })
  );
}

/** How a version's diff shows the files: "1. หนังสือ.pdf, 2. รูป.jpg". */
export function attachmentsSummary(list: AttachmentRef[]): string {
  return list.map((a) => `${a.position}. ${a.name}${a.description ? ` (${a.description})` : ''}`).join(', ');
}

/**
 * Makes `files` the attachments of `entryId` from `version` on. Slots whose file, name and
 * description are unchanged stay open; others are closed at `version` (kept for the history)
 * and the new ones start there. Caller holds the entry's transaction and has checked that
 * every file is already on disk (flushed), so a committed row never points at a missing file.
 */
export function writeEntryAttachments(store: Store, entryId: string, version: number, files: AttachmentRef[], at: string): void {
  const current = new Map((currentAttachments(store, [entryId]).get(entryId) ?? []).map((a) => [a.position, a]));
  const db = store.sqlite;
  const insertBlob = db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime_type, created_at) VALUES (?, ?, ?, ?)');
  const close = db.prepare('UPDATE entry_attachments SET version_to = ? WHERE entry_id = ? AND position = ? AND version_to IS NULL');
  const insert = db.prepare(
    'INSERT INTO entry_attachments (entry_id, version_from, version_to, position, sha256, name, description) VALUES (?, ?, NULL, ?, ?, ?, ?)',
  );
  const wanted = new Map(files.map((f) => [f.position, f]));
  for (const [position, old] of current) {
    const next = wanted.get(position);
    if (!next || !sameAttachments([old], [next])) close.run(version, entryId, position);
  }
  for (const f of files) {
    const old = current.get(f.position);
    if (old && sameAttachments([old], [f])) continue;
    insertBlob.run(f.sha256, f.size, f.mimeType, at);
    insert.run(entryId, version, f.position, f.sha256, f.name, f.description);
  }
}

/** Every file the entry has had, for its history: the current ones and those replaced. */
export function attachmentHistory(store: Store, entryId: string): AttachmentHistoryRow[] {
  return store
    .raw<RefRow & { version_from: number; version_to: number | null }>(
      `SELECT a.entry_id, a.sha256, b.size, a.name, b.mime_type, a.description, a.position, a.version_from, a.version_to
       FROM entry_attachments a JOIN blobs b ON b.sha256 = a.sha256
       WHERE a.entry_id = ? ORDER BY a.version_from, a.position`,
      [entryId],
    )
    .map((r) => ({
      position: r.position,
      sha256: r.sha256,
      name: r.name,
      description: r.description,
      size: r.size,
      mimeType: r.mime_type,
      versionFrom: r.version_from,
      versionTo: r.version_to,
    }));
}

/** The name this entry gave a file (latest first), when the entry has used it. */
export function nameInEntry(store: Store, entryId: string, sha256: string): string | undefined {
  return store.raw<{ name: string }>(
    'SELECT name FROM entry_attachments WHERE entry_id = ? AND sha256 = ? ORDER BY id DESC LIMIT 1',
    [entryId, sha256],
  )[0]?.name;
}

export function blobRow(store: Store, sha256: string): { sha256: string; size: number; mime_type: string; created_at: string } | undefined {
  return store.raw<{ sha256: string; size: number; mime_type: string; created_at: string }>(
    'SELECT sha256, size, mime_type, created_at FROM blobs WHERE sha256 = ?',
    [sha256],
  )[0];
}
