-- The id of the office's key for secret entries (a hash of the key, never the key): the first
-- PC of an organisation to make a key claims it here, so a second PC learns it must import
-- that key rather than make its own, and a key file of another office is recognised.
ALTER TABLE organisations ADD COLUMN office_key_id TEXT;
