-- The desktop register: settings, directory, books, entries, versions, outbox, search.
-- Numbers: books.next_no / next_circular_no are the only source of register numbers; they
-- are read and bumped inside the same transaction that inserts the entry.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE groups (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE people (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  UNIQUE (name, group_id)
) STRICT;

CREATE TABLE contacts (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL,
  kind   TEXT NOT NULL CHECK (kind IN ('school', 'agency')),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  UNIQUE (name, kind)
) STRICT;

CREATE TABLE books (
  id                INTEGER PRIMARY KEY,
  kind              TEXT NOT NULL CHECK (kind IN ('incoming', 'outgoing', 'order', 'certificate')),
  year              INTEGER NOT NULL,
  next_no           INTEGER NOT NULL DEFAULT 1 CHECK (next_no >= 1),
  next_circular_no  INTEGER NOT NULL DEFAULT 1 CHECK (next_circular_no >= 1),
  entry_count       INTEGER NOT NULL DEFAULT 0,
  UNIQUE (kind, year)
) STRICT;

CREATE TABLE number_changes (
  id         INTEGER PRIMARY KEY,
  book_id    INTEGER NOT NULL REFERENCES books(id),
  sequence   TEXT NOT NULL CHECK (sequence IN ('main', 'circular')),
  before     INTEGER NOT NULL,
  after      INTEGER NOT NULL,
  reason     TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at TEXT NOT NULL
) STRICT;

CREATE TABLE entries (
  id             TEXT PRIMARY KEY,
  book_id        INTEGER NOT NULL REFERENCES books(id),
  kind           TEXT NOT NULL,
  year           INTEGER NOT NULL,
  register_no    INTEGER NOT NULL,
  circular_no    INTEGER,
  doc_no         TEXT NOT NULL DEFAULT '',
  doc_date       TEXT NOT NULL,
  from_text      TEXT NOT NULL DEFAULT '',
  to_text        TEXT NOT NULL DEFAULT '',
  subject        TEXT NOT NULL,
  group_id       INTEGER REFERENCES groups(id),
  person_id      INTEGER REFERENCES people(id),
  remark         TEXT NOT NULL DEFAULT '',
  urgency        TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'most_urgent')),
  secrecy        TEXT NOT NULL DEFAULT 'none' CHECK (secrecy IN ('none', 'secret', 'very_secret', 'top_secret')),
  signer         TEXT NOT NULL DEFAULT '',
  recipient      TEXT NOT NULL DEFAULT '',
  reply_to_id    TEXT REFERENCES entries(id),
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  cancel_reason  TEXT,
  registered_at  TEXT NOT NULL,
  registered_on  TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT NOT NULL,
  UNIQUE (book_id, register_no)
) STRICT;

-- A circular's ว number is unique within its book too.
CREATE UNIQUE INDEX entries_circular ON entries (book_id, circular_no) WHERE circular_no IS NOT NULL;
-- The list: newest first within a kind, optionally one group.
CREATE INDEX entries_list ON entries (kind, year DESC, register_no DESC);
CREATE INDEX entries_group ON entries (kind, group_id, year DESC, register_no DESC);
CREATE INDEX entries_registered_on ON entries (registered_on, kind);
-- รายการหลัก's urgent list.
CREATE INDEX entries_urgent ON entries (registered_at) WHERE urgency IN ('very_urgent', 'most_urgent') AND status = 'active';
CREATE INDEX entries_reply_to ON entries (reply_to_id) WHERE reply_to_id IS NOT NULL;

-- Per book and work group counts, kept by triggers, so a group-filtered list pages with an
-- exact total without counting a large index range on every page.
CREATE TABLE book_group_counts (
  book_id  INTEGER NOT NULL REFERENCES books(id),
  group_id INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (book_id, group_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER entries_group_count_insert AFTER INSERT ON entries BEGIN
  INSERT INTO book_group_counts (book_id, group_id, n) VALUES (new.book_id, coalesce(new.group_id, 0), 1)
  ON CONFLICT (book_id, group_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER entries_group_count_update AFTER UPDATE OF group_id ON entries
WHEN coalesce(old.group_id, 0) <> coalesce(new.group_id, 0) BEGIN
  UPDATE book_group_counts SET n = n - 1 WHERE book_id = old.book_id AND group_id = coalesce(old.group_id, 0);
  INSERT INTO book_group_counts (book_id, group_id, n) VALUES (new.book_id, coalesce(new.group_id, 0), 1)
  ON CONFLICT (book_id, group_id) DO UPDATE SET n = n + 1;
END;

-- Append-only: every create/edit/cancel is a version with who, when and what changed.
CREATE TABLE entry_versions (
  id          TEXT PRIMARY KEY,
  entry_id    TEXT NOT NULL REFERENCES entries(id),
  version     INTEGER NOT NULL,
  change      TEXT NOT NULL CHECK (change IN ('create', 'edit', 'cancel')),
  changed_at  TEXT NOT NULL,
  changed_by  TEXT NOT NULL,
  diff        TEXT NOT NULL,
  snapshot    TEXT NOT NULL,
  UNIQUE (entry_id, version)
) STRICT;

CREATE TRIGGER entry_versions_no_update BEFORE UPDATE ON entry_versions
BEGIN SELECT RAISE(ABORT, 'entry_versions is append-only'); END;
CREATE TRIGGER entry_versions_no_delete BEFORE DELETE ON entry_versions
BEGIN SELECT RAISE(ABORT, 'entry_versions is append-only'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'register entries are never deleted; cancel them'); END;

-- Transactional outbox for the sync module: written in the same transaction as the change.
CREATE TABLE outbox (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key  TEXT NOT NULL UNIQUE,
  entity           TEXT NOT NULL,
  entity_id        TEXT NOT NULL,
  op               TEXT NOT NULL,
  payload          TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),
  reject_reason    TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (state, seq);

-- Thai has no spaces between words: a trigram index finds any substring of 3+ characters.
CREATE VIRTUAL TABLE entries_fts USING fts5(
  subject, from_text, to_text, doc_no, remark, recipient,
  content = 'entries', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
  INSERT INTO entries_fts (rowid, subject, from_text, to_text, doc_no, remark, recipient)
  VALUES (new.rowid, new.subject, new.from_text, new.to_text, new.doc_no, new.remark, new.recipient);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF subject, from_text, to_text, doc_no, remark, recipient ON entries BEGIN
  INSERT INTO entries_fts (entries_fts, rowid, subject, from_text, to_text, doc_no, remark, recipient)
  VALUES ('delete', old.rowid, old.subject, old.from_text, old.to_text, old.doc_no, old.remark, old.recipient);
  INSERT INTO entries_fts (rowid, subject, from_text, to_text, doc_no, remark, recipient)
  VALUES (new.rowid, new.subject, new.from_text, new.to_text, new.doc_no, new.remark, new.recipient);
END;
