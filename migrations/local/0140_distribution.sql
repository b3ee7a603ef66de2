-- รับส่งหนังสือราชการ on the desktop: the office's directory as pulled from the server (compose
-- works offline), documents this organisation sent with each recipient's receipt (tracking),
-- documents addressed to it (the inbox), and the files of both: by SHA-256 in the same
-- content-addressed store as the registers' files, so a file is never kept twice.

CREATE TABLE dist_directory (
  org_id       TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('office', 'school', 'agency')),
  parent_id    TEXT,
  school_code  TEXT,
  network      TEXT NOT NULL DEFAULT '',
  school_type  TEXT,
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX dist_directory_code ON dist_directory (school_code);

CREATE TABLE dist_sent (
  id               TEXT PRIMARY KEY,
  channel          TEXT NOT NULL CHECK (channel IN ('school', 'agency')),
  source_entry_id  TEXT REFERENCES entries(id),
  doc_no           TEXT NOT NULL,
  doc_date         TEXT NOT NULL,
  subject          TEXT NOT NULL,
  summary          TEXT NOT NULL DEFAULT '',
  urgency          TEXT NOT NULL,
  secrecy          TEXT NOT NULL CHECK (secrecy IN ('none', 'secret', 'very_secret')),
  groups           TEXT NOT NULL DEFAULT '[]',
  -- The send's outbox row: its state (pending/sent/rejected) is the document's sending state.
  outbox_seq       INTEGER NOT NULL,
  recipient_count  INTEGER NOT NULL,
  received_count   INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  withdrawn_at     TEXT,
  withdraw_reason  TEXT,
  withdraw_seq     INTEGER,
  archived_at      TEXT
) STRICT;
CREATE INDEX dist_sent_list ON dist_sent (created_at DESC);
CREATE INDEX dist_sent_source ON dist_sent (source_entry_id) WHERE source_entry_id IS NOT NULL;

CREATE TABLE dist_sent_recipients (
  document_id    TEXT NOT NULL REFERENCES dist_sent(id),
  org_id         TEXT NOT NULL,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL,
  school_code    TEXT,
  received_at    TEXT,
  received_by    TEXT,
  register_no    INTEGER,
  register_year  INTEGER,
  PRIMARY KEY (document_id, org_id)
) STRICT;
CREATE INDEX dist_sent_recipients_pending ON dist_sent_recipients (document_id) WHERE received_at IS NULL;

CREATE TABLE dist_inbox (
  id               TEXT PRIMARY KEY,
  sender_org_id    TEXT NOT NULL,
  sender_name      TEXT NOT NULL,
  doc_no           TEXT NOT NULL,
  doc_date         TEXT NOT NULL,
  subject          TEXT NOT NULL,
  summary          TEXT NOT NULL DEFAULT '',
  urgency          TEXT NOT NULL,
  secrecy          TEXT NOT NULL,
  sent_at          TEXT NOT NULL,
  arrived_at       TEXT NOT NULL,
  withdrawn_at     TEXT,
  withdraw_reason  TEXT,
  -- ลงรับ: the register entry it became (on this PC or, learnt from the server, another PC).
  entry_id         TEXT REFERENCES entries(id),
  received_at      TEXT,
  received_by      TEXT,
  register_no      INTEGER,
  register_year    INTEGER,
  archived_at      TEXT
) STRICT;
CREATE INDEX dist_inbox_list ON dist_inbox (sent_at DESC);

-- Files of sent and received documents (document_id is a dist_sent or dist_inbox id).
-- downloaded: the bytes are in the local store (a received document's files come later).
CREATE TABLE dist_files (
  document_id  TEXT NOT NULL,
  position     INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  size         INTEGER NOT NULL,
  mime_type    TEXT NOT NULL,
  downloaded   INTEGER NOT NULL DEFAULT 1 CHECK (downloaded IN (0, 1)),
  PRIMARY KEY (document_id, position)
) STRICT;
CREATE INDEX dist_files_sha ON dist_files (sha256);
CREATE INDEX dist_files_missing ON dist_files (sha256) WHERE downloaded = 0;

-- The directory's version last pulled from the server.
INSERT INTO meta (key, value) VALUES ('dist.directory_version', '0');
