-- A global, increasing change number on every quote row, kept by triggers so that any writer
-- (the server, `quotegen seed` in another process, the sqlite3 shell) advances it. A server's in-memory
-- index reads the rows whose change_seq is above the last one it saw, instead of rescanning the table.
ALTER TABLE quote ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE quote SET change_seq = id;
CREATE INDEX quote_by_change_seq ON quote(change_seq);

CREATE TRIGGER quote_changed_on_insert AFTER INSERT ON quote BEGIN
    UPDATE quote SET change_seq = (SELECT max(change_seq) + 1 FROM quote) WHERE id = NEW.id;
END;

-- Not fired by its own UPDATE of change_seq, which is not in the column list.
CREATE TRIGGER quote_changed_on_update AFTER UPDATE OF text, author, deleted_at, revision ON quote BEGIN
    UPDATE quote SET change_seq = (SELECT max(change_seq) + 1 FROM quote) WHERE id = NEW.id;
END;
