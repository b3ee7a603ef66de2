-- The outside witness of each desktop's audit trail: the hash of every audit event, as the
-- desktop sent it with its normal sync. Rows are only ever added (the trigger refuses UPDATE
-- and DELETE): a desktop whose trail was rewritten afterwards, even with every later hash
-- recomputed, no longer matches what is kept here. A second, different hash for the same
-- event is kept beside the first (claim 2, 3, ...) as evidence, never in its place.
CREATE TABLE audit_witness (
  org_id          TEXT NOT NULL REFERENCES organisations(id),
  local_device_id TEXT NOT NULL,
  seq             BIGINT NOT NULL,
  claim           INTEGER NOT NULL DEFAULT 1,
  hash            TEXT NOT NULL,
  received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, local_device_id, seq, claim)
);

CREATE FUNCTION audit_witness_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_witness is append-only';
END $$;
CREATE TRIGGER audit_witness_no_change BEFORE UPDATE OR DELETE ON audit_witness
  FOR EACH ROW EXECUTE FUNCTION audit_witness_append_only();
