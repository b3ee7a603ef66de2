-- Users and roles, and the append-only, hash-chained audit trail.
-- Passwords: 'scrypt$N$r$p$salt$hash' (Node's crypto.scrypt, a per-user random salt).

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name   TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'viewer')),
  can_see_secret INTEGER NOT NULL DEFAULT 0 CHECK (can_see_secret IN (0, 1)),
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  password_hash  TEXT NOT NULL,
  failed_count   INTEGER NOT NULL DEFAULT 0,
  locked_until   TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;

-- Each event carries the hash of the one before it: hash = sha256(prev_hash || canonical JSON
-- of the event). Editing or deleting a row behind the app's back breaks the chain at that row
-- (src-main/users/audit.ts verifyAudit, npm run check:audit).
CREATE TABLE audit_events (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT,
  before    TEXT,
  after     TEXT,
  -- 1 when the event concerns a secret (ลับ and above) entry: its values are hidden from
  -- users without the secret right.
  secret    INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;

CREATE INDEX audit_events_entity ON audit_events (entity_id, seq) WHERE entity_id IS NOT NULL;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
