-- Sync with the central server: the enrolment (server, organisation, this device's credential,
-- kept here and sent only to that server), the pull cursor and the last outcome, the books the
-- server says each device holds, and per-row sync bookkeeping on the outbox (0010 is unchanged).

CREATE TABLE sync_config (
  id                     INTEGER PRIMARY KEY CHECK (id = 1),
  server_url             TEXT NOT NULL,
  device_id              TEXT NOT NULL,
  org_id                 TEXT NOT NULL,
  org_name               TEXT NOT NULL,
  org_kind               TEXT NOT NULL,
  credential             TEXT NOT NULL,
  credential_expires_at  TEXT NOT NULL,
  enrolled_at            TEXT NOT NULL
) STRICT;

CREATE TABLE sync_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  pull_cursor      INTEGER NOT NULL DEFAULT 0,
  last_success_at  TEXT,
  last_attempt_at  TEXT,
  last_error       TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE sync_books (
  kind              TEXT NOT NULL,
  year              INTEGER NOT NULL,
  holder_device_id  TEXT NOT NULL,
  next_no           INTEGER NOT NULL,
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (kind, year)
) STRICT;

-- sent_at: when the server acknowledged the row; reject_code: the server's reason code;
-- resolved_at: a rejected row the clerk retried (as a new row) or dismissed.
ALTER TABLE outbox ADD COLUMN sent_at TEXT;
ALTER TABLE outbox ADD COLUMN reject_code TEXT;
ALTER TABLE outbox ADD COLUMN resolved_at TEXT;
CREATE INDEX outbox_rejected ON outbox (seq) WHERE state = 'rejected' AND resolved_at IS NULL;
