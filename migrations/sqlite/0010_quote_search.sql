-- `q` is a word search over the live quotes' texts: an FTS5 index that folds case and accents
-- (remove_diacritics 2: "theorie" finds "théorie"). Contentless: the texts stay in `quote` only; the
-- triggers hand FTS5 the exact old text to remove, which a contentless index needs. Tombstones are never
-- in it, so a search never has to skip them, and every writer (the API, the sqlite3 shell) keeps it in step.
CREATE VIRTUAL TABLE quote_search USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO quote_search (rowid, text) SELECT id, text FROM quote WHERE deleted_at IS NULL;

-- Bulk inserts (seeding, `quotegen import`), which number their rows themselves (0004), add their texts in one
-- statement per batch instead: FTS5 writes its pending terms out whenever a statement that fired this trigger
-- ends, so their 200-row statements would leave thousands of small segments per million rows to merge.
CREATE TRIGGER quote_search_on_insert AFTER INSERT ON quote WHEN NEW.deleted_at IS NULL AND NEW.change_seq = 0 BEGIN
    INSERT INTO quote_search (rowid, text) VALUES (NEW.id, NEW.text);
END;

CREATE TRIGGER quote_search_on_update AFTER UPDATE OF text, deleted_at ON quote BEGIN
    INSERT INTO quote_search (quote_search, rowid, text) SELECT 'delete', OLD.id, OLD.text WHERE OLD.deleted_at IS NULL;
    INSERT INTO quote_search (rowid, text) SELECT NEW.id, NEW.text WHERE NEW.deleted_at IS NULL;
END;

CREATE TRIGGER quote_search_on_delete AFTER DELETE ON quote WHEN OLD.deleted_at IS NULL BEGIN
    INSERT INTO quote_search (quote_search, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;
