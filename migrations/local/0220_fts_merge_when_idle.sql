-- The search index's segments are merged when the register is quiet
-- (src-main/registers/searchIndexMerge.ts), not inside a clerk's registration.
INSERT INTO entries_fts (entries_fts, rank) VALUES ('automerge', 0);
