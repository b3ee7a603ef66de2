-- What a restore took away, kept for the clerk: entries (or later edits of entries) that the
-- restored backup lacks, as known from the pre-restore safety copy or from the central server,
-- and numbers issued (the high-water file beside the register) with no entry known at all.
-- snapshot: the rows needed to bring the entry back (JSON); NULL when nothing but the number is known.
CREATE TABLE restore_losses (
  id              INTEGER PRIMARY KEY,
  restored        TEXT NOT NULL,
  restored_at     TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('safety', 'server', 'numbers')),
  what            TEXT NOT NULL CHECK (what IN ('entry', 'edits', 'number')),
  entry_id        TEXT,
  kind            TEXT NOT NULL,
  year            INTEGER NOT NULL,
  register_no     INTEGER NOT NULL,
  -- A circular's ว number (its register_no is that number negated, see registers/books.ts).
  circular_no     INTEGER,
  doc_no          TEXT NOT NULL DEFAULT '',
  subject         TEXT NOT NULL DEFAULT '',
  secrecy         TEXT NOT NULL DEFAULT 'none',
  registered_at   TEXT,
  version         INTEGER,
  snapshot        TEXT,
  brought_back_at TEXT,
  brought_back_by TEXT
) STRICT;
CREATE INDEX restore_losses_open ON restore_losses (kind, year, register_no) WHERE brought_back_at IS NULL;

