-- Listing one organisation's entries by id read the whole primary-key index (every
-- organisation's rows); this index reads only that organisation's.
CREATE INDEX entries_org_id ON entries (org_id, id);

-- An attachment upload in progress, leased in the database so that several server processes
-- sharing one attachment folder never write the same partial file at once.
CREATE TABLE blob_uploads (
  org_id       TEXT NOT NULL REFERENCES organisations(id),
  sha256       TEXT NOT NULL,
  lease_until  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (org_id, sha256)
);
