-- Devices belong to the office, not to one install: a PC enrolled again (a new credential for
-- the same local register id) keeps its device id and so its books. Revocations, renewals and
-- book reassignments are recorded with who did them and why.

ALTER TABLE devices ADD COLUMN revoke_reason TEXT;
ALTER TABLE devices ADD COLUMN renewed_at TIMESTAMPTZ;
CREATE INDEX devices_local ON devices (org_id, local_device_id) WHERE revoked_at IS NULL;

CREATE TABLE device_events (
  id         BIGSERIAL PRIMARY KEY,
  org_id     TEXT NOT NULL REFERENCES organisations(id),
  device_id  TEXT,
  action     TEXT NOT NULL CHECK (action IN ('enrolled', 'renewed', 'revoked', 'book_reassigned')),
  detail     JSONB NOT NULL DEFAULT '{}',
  reason     TEXT,
  actor      TEXT NOT NULL,
  at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX device_events_org ON device_events (org_id, id);
