-- Entries imported from another system (AMSS++) arrive as history: they keep the numbers the
-- office stamped on paper years ago, including the duplicates AMSS++ allowed, and they do not
-- claim a register book. Numbers stay unique among entries registered in Saraban Desk.
ALTER TABLE entries ADD COLUMN origin TEXT;
DROP INDEX entries_book;
CREATE UNIQUE INDEX entries_book ON entries (org_id, kind, year, register_no) WHERE origin IS NULL;
CREATE INDEX entries_book_numbers ON entries (org_id, kind, year, register_no);
