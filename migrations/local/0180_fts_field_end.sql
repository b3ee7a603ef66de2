-- Searching two characters (ผล, ยา, ครู without its last letter): the trigram index holds only
-- substrings of 3, so a 2-character query read every row with LIKE, over a second on a big
-- register when nothing matched. Each indexed field now ends in U+E000 (a private-use
-- character no clerk types), so every occurrence of two characters, at the end of a field too,
-- begins a trigram, and the index's own terms (entries_fts_vocab) find the rows.
-- Queries of 3+ characters match exactly as before. The index is rebuilt once.
DROP TRIGGER entries_fts_insert;
DROP TRIGGER entries_fts_update;
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
  INSERT INTO entries_fts (rowid, subject, from_text, to_text, doc_no, remark, recipient)
  VALUES (new.rowid, new.subject || char(57344), new.from_text || char(57344), new.to_text || char(57344),
          new.doc_no || char(57344), new.remark || char(57344), new.recipient || char(57344));
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF subject, from_text, to_text, doc_no, remark, recipient ON entries BEGIN
  INSERT INTO entries_fts (entries_fts, rowid, subject, from_text, to_text, doc_no, remark, recipient)
  VALUES ('delete', old.rowid, old.subject || char(57344), old.from_text || char(57344), old.to_text || char(57344),
          old.doc_no || char(57344), old.remark || char(57344), old.recipient || char(57344));
  INSERT INTO entries_fts (rowid, subject, from_text, to_text, doc_no, remark, recipient)
  VALUES (new.rowid, new.subject || char(57344), new.from_text || char(57344), new.to_text || char(57344),
          new.doc_no || char(57344), new.remark || char(57344), new.recipient || char(57344));
END;
INSERT INTO entries_fts (entries_fts) VALUES ('delete-all');
INSERT INTO entries_fts (rowid, subject, from_text, to_text, doc_no, remark, recipient)
  SELECT rowid, subject || char(57344), from_text || char(57344), to_text || char(57344),
         doc_no || char(57344), remark || char(57344), recipient || char(57344)
  FROM entries;
CREATE VIRTUAL TABLE entries_fts_vocab USING fts5vocab(entries_fts, 'instance');
