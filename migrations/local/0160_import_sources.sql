-- Entries imported from another system (AMSS++): where each came from, so that a rerun adds
-- nothing twice (keyed on the source row) and an entry can always be traced to its origin.
CREATE TABLE import_runs (
  id           TEXT PRIMARY KEY,
  system       TEXT NOT NULL,
  source_file  TEXT NOT NULL,
  school_code  TEXT,
  actor        TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  summary      TEXT
) STRICT;

CREATE TABLE import_sources (
  -- 'amss:<table>:<ms_id>': ms_id is AMSS++'s key within a table (ref_id repeats across tables).
  source_key    TEXT PRIMARY KEY,
  entry_id      TEXT NOT NULL UNIQUE REFERENCES entries(id),
  run_id        TEXT NOT NULL REFERENCES import_runs(id),
  source_table  TEXT NOT NULL,
  ms_id         INTEGER NOT NULL,
  ref_id        TEXT NOT NULL DEFAULT '',
  school_code   TEXT,
  -- AMSS++ gave this number to an earlier row too: kept with its number, flagged, never renumbered.
  duplicate_no  INTEGER,
  problems      TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- AMSS++ had no unique register number, so a year may hold the same number twice. The
-- register keeps (book, number) unique; the extra rows live in a per-year companion book
-- whose year is the negative of the real one (books.year -2567 for 2567): they list, search
-- and print with their real year and number (entries.year), but never take part in numbering.
