-- The office's key for ลับ/ลับมาก entries (src-main/sync/officeKey.ts). The key itself is kept
-- sealed with this PC's credential vault (safeStorage in the app, a key file outside the data
-- folder in the browser host), never in clear; backups leave the row out.
CREATE TABLE office_key (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  key_id     TEXT NOT NULL CHECK (length(key_id) = 16),
  sealed_key TEXT NOT NULL,
  org_id     TEXT NOT NULL,
  -- 'pending': made here, not yet confirmed by the server as the office's key (not used).
  origin     TEXT NOT NULL CHECK (origin IN ('generated', 'imported', 'pending')),
  created_at TEXT NOT NULL
) STRICT;

-- The encrypted copy of an attachment that goes to the server (named by its own SHA-256): worked
-- out once per file and key, when the entry enters the outbox, and made again from the file
-- whenever it is uploaded (the same bytes every time, so an upload resumes).
CREATE TABLE sealed_files (
  plain_sha256  TEXT NOT NULL CHECK (length(plain_sha256) = 64),
  key_id        TEXT NOT NULL,
  cipher_sha256 TEXT NOT NULL CHECK (length(cipher_sha256) = 64),
  cipher_size   INTEGER NOT NULL,
  PRIMARY KEY (plain_sha256, key_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sealed_files_cipher ON sealed_files (cipher_sha256);
