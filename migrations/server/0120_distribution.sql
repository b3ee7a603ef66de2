-- Sending documents between organisations (รับส่งหนังสือราชการ): the directory (an office, its
-- schools with school code, group and type, and outside agencies), sent documents stored once,
-- their recipients (the receipt lives on the recipient's row: one per document and organisation,
-- so a receipt is idempotent by construction), and the files each document carries (the grant:
-- a recipient may download a file only through a document addressed to it).

ALTER TABLE organisations ADD COLUMN parent_id TEXT REFERENCES organisations(id);
ALTER TABLE organisations ADD COLUMN school_code TEXT;
ALTER TABLE organisations ADD COLUMN network TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN school_type TEXT CHECK (school_type IN ('government', 'private'));
ALTER TABLE organisations ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;
-- Bumped from the server's sequence on every directory change: desktops ask "anything after N?".
ALTER TABLE organisations ADD COLUMN directory_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX organisations_parent ON organisations (parent_id, directory_seq);
-- A school code is unique within its office.
CREATE UNIQUE INDEX organisations_school_code ON organisations (parent_id, school_code) WHERE school_code IS NOT NULL;

CREATE TABLE dist_documents (
  id               TEXT PRIMARY KEY,
  sender_org_id    TEXT NOT NULL REFERENCES organisations(id),
  sender_device_id TEXT NOT NULL REFERENCES devices(id),
  -- docNo, docDate, subject, summary, urgency, secrecy, groups, senderName, sentBy, channel
  data             JSONB NOT NULL,
  files            JSONB NOT NULL,
  recipient_count  INTEGER NOT NULL,
  received_count   INTEGER NOT NULL DEFAULT 0,
  sent_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  withdrawn_at     TIMESTAMPTZ,
  withdraw_reason  TEXT,
  withdrawn_by     TEXT
);
CREATE INDEX dist_documents_sender ON dist_documents (sender_org_id, sent_at DESC);

CREATE TABLE dist_recipients (
  document_id        TEXT NOT NULL REFERENCES dist_documents(id),
  org_id             TEXT NOT NULL REFERENCES organisations(id),
  position           INTEGER NOT NULL,
  received_at        TIMESTAMPTZ,
  received_by        TEXT,
  register_no        INTEGER,
  register_year      INTEGER,
  entry_id           TEXT,
  receipt_device_id  TEXT REFERENCES devices(id),
  PRIMARY KEY (document_id, org_id)
);
-- A school's inbox and the file grant check: its documents by organisation.
CREATE INDEX dist_recipients_org ON dist_recipients (org_id, document_id);

CREATE TABLE dist_files (
  document_id  TEXT NOT NULL REFERENCES dist_documents(id),
  position     INTEGER NOT NULL,
  sha256       TEXT NOT NULL REFERENCES blobs(sha256),
  PRIMARY KEY (document_id, position)
);
CREATE INDEX dist_files_sha ON dist_files (sha256, document_id);
