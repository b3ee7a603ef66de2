-- The central server: organisations, enrolled devices, register books and who holds them,
-- every outbox item received (the idempotency log and the source of acknowledgements), the
-- latest copy of each entry, an organisation feed for pull, and content-addressed attachments.

CREATE TABLE organisations (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('office', 'school', 'agency')),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One-time enrolment codes: only a hash is kept; a code is spent by the first enrolment.
CREATE TABLE enrolment_codes (
  code_hash   TEXT PRIMARY KEY,
  org_id      TEXT NOT NULL REFERENCES organisations(id),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at  TIMESTAMPTZ NOT NULL,
  used_at     TIMESTAMPTZ,
  used_by     TEXT
);

-- A device's credential is stored as its SHA-256 only; last_seq is the highest outbox seq
-- received from it without a gap.
CREATE TABLE devices (
  id                     TEXT PRIMARY KEY,
  org_id                 TEXT NOT NULL REFERENCES organisations(id),
  name                   TEXT NOT NULL,
  local_device_id        TEXT NOT NULL,
  credential_hash        TEXT NOT NULL UNIQUE,
  credential_expires_at  TIMESTAMPTZ NOT NULL,
  last_seq               BIGINT NOT NULL DEFAULT 0,
  enrolled_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_seen_at           TIMESTAMPTZ,
  revoked_at             TIMESTAMPTZ
);
CREATE INDEX devices_org ON devices (org_id);

-- The server's own order of events: the pull cursor. Writers of one organisation are
-- serialised by a row lock on the organisation, so its events commit in this order.
CREATE SEQUENCE server_seq;

-- A register book (organisation, kind, year) is held by exactly one device.
CREATE TABLE books (
  org_id            TEXT NOT NULL REFERENCES organisations(id),
  kind              TEXT NOT NULL CHECK (kind IN ('incoming', 'outgoing', 'order', 'certificate')),
  year              INTEGER NOT NULL,
  holder_device_id  TEXT NOT NULL REFERENCES devices(id),
  changed_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, kind, year)
);

-- Every outbox item the server has answered, accepted or rejected: a retry of the same seq
-- gets the same answer. The payloads of accepted entry items are the entries' full history
-- (kept as JSON text: written once, read rarely).
CREATE TABLE received (
  device_id        TEXT NOT NULL REFERENCES devices(id),
  seq              BIGINT NOT NULL,
  org_id           TEXT NOT NULL REFERENCES organisations(id),
  idempotency_key  TEXT NOT NULL,
  entity           TEXT NOT NULL,
  entity_id        TEXT NOT NULL,
  op               TEXT NOT NULL,
  payload          JSON NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
  reject_code      TEXT,
  reason           TEXT,
  server_seq       BIGINT NOT NULL DEFAULT nextval('server_seq'),
  received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, seq),
  UNIQUE (org_id, idempotency_key)
);
CREATE INDEX received_acks ON received (device_id, server_seq);

-- The latest version of every entry, as the desktop's snapshot (field by field).
CREATE TABLE entries (
  id           TEXT PRIMARY KEY,
  org_id       TEXT NOT NULL REFERENCES organisations(id),
  kind         TEXT NOT NULL,
  year         INTEGER NOT NULL,
  register_no  INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  device_id    TEXT NOT NULL REFERENCES devices(id),
  data         JSONB NOT NULL,
  server_seq   BIGINT NOT NULL,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- A register number is used once per book (push checks first and rejects a clash).
CREATE UNIQUE INDEX entries_book ON entries (org_id, kind, year, register_no);

-- What pull returns besides acknowledgements: book hand-overs, documents addressed to an
-- organisation (device_id NULL = every device of the organisation).
CREATE TABLE feed (
  server_seq  BIGINT PRIMARY KEY DEFAULT nextval('server_seq'),
  org_id      TEXT NOT NULL REFERENCES organisations(id),
  device_id   TEXT REFERENCES devices(id),
  kind        TEXT NOT NULL,
  body        JSONB NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX feed_org ON feed (org_id, server_seq);

-- Attachments: stored once by SHA-256; an organisation may read a blob only after it has
-- uploaded the bytes itself (so a hash alone proves nothing).
CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY,
  size       BIGINT NOT NULL,
  stored_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE blob_owners (
  org_id    TEXT NOT NULL REFERENCES organisations(id),
  sha256    TEXT NOT NULL REFERENCES blobs(sha256),
  added_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, sha256)
);
