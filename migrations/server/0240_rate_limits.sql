-- Attempts per address (enrolment codes tried, credentials refused), counted in the database so
-- that every server process behind one address counts the same attempts: counted in each
-- process's memory, two processes gave a guesser twice the limit. A row is one fixed window.
CREATE TABLE rate_limits (
  bucket      TEXT NOT NULL,
  key         TEXT NOT NULL,
  window_end  TIMESTAMPTZ NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (bucket, key)
);
CREATE INDEX rate_limits_window_end ON rate_limits (window_end);
