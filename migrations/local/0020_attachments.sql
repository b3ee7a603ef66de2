-- Attachments (ไฟล์แนบ): the files themselves live under <dataDir>/attachments/<ab>/<sha256>,
-- content-addressed, one copy however many entries use them. These tables say which entry
-- version uses which file, under which name and description.

-- One row per stored file. Written in the same transaction as the first entry that uses it.
CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size       INTEGER NOT NULL CHECK (size > 0),
  mime_type  TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Which file sits in which slot (1..5) of an entry, from version_from up to (not including)
-- version_to. version_to IS NULL: the entry's current files. Rows are closed, never deleted,
-- so every version's files stay reachable from the entry's history.
CREATE TABLE entry_attachments (
  id           INTEGER PRIMARY KEY,
  entry_id     TEXT NOT NULL REFERENCES entries(id),
  version_from INTEGER NOT NULL CHECK (version_from >= 1),
  version_to   INTEGER CHECK (version_to IS NULL OR version_to > version_from),
  position     INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
  sha256       TEXT NOT NULL REFERENCES blobs(sha256),
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT ''
) STRICT;

-- The current files of a page of entries: one indexed lookup per entry id.
CREATE UNIQUE INDEX entry_attachments_current ON entry_attachments (entry_id, position) WHERE version_to IS NULL;
CREATE INDEX entry_attachments_entry ON entry_attachments (entry_id, version_from);
-- The check and the sweep: is this file referenced, and by which entries.
CREATE INDEX entry_attachments_sha256 ON entry_attachments (sha256);

CREATE TRIGGER entry_attachments_no_delete BEFORE DELETE ON entry_attachments
BEGIN SELECT RAISE(ABORT, 'entry_attachments keeps every version; close a row with version_to'); END;
CREATE TRIGGER entry_attachments_only_close BEFORE UPDATE ON entry_attachments
WHEN old.version_to IS NOT NULL OR new.entry_id IS NOT old.entry_id OR new.version_from IS NOT old.version_from
  OR new.position IS NOT old.position OR new.sha256 IS NOT old.sha256 OR new.name IS NOT old.name
  OR new.description IS NOT old.description
BEGIN SELECT RAISE(ABORT, 'entry_attachments rows can only be closed once'); END;
