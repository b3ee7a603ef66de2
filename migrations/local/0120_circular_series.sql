-- ทะเบียนหนังสือเวียน: from now on a circular takes only its ว number (books.next_circular_no)
-- and stores it negated in register_no, so the normal series (ที่ ศธ04051/3962) never skips
-- for a circular. Circulars registered before this keep the register number they were given
-- (a number written on paper is final): their ว number is what the register shows.

-- ทะเบียนหนังสือส่ง lists both series newest first by registration time.
CREATE INDEX entries_sent_order ON entries (kind, year DESC, registered_at DESC);
