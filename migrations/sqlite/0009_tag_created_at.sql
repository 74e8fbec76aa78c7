-- `tag=` with sort=created_at walks one tag's entries in creation order instead of sorting the tag's quotes:
-- each tag row carries its quote's created_at, which never changes once the quote is stored. The trigger
-- fills it for every writer that leaves it out; bulk inserts (seeding, `quotegen import`) give it themselves,
-- as they do change_seq (0004), to spare an UPDATE per tag row.
ALTER TABLE quote_tag ADD COLUMN created_at TEXT;
UPDATE quote_tag SET created_at = (SELECT created_at FROM quote WHERE id = quote_tag.quote_id);
CREATE INDEX quote_tag_by_tag_created_at ON quote_tag(tag, created_at, quote_id);

CREATE TRIGGER quote_tag_created_at AFTER INSERT ON quote_tag WHEN NEW.created_at IS NULL BEGIN
    UPDATE quote_tag SET created_at = (SELECT created_at FROM quote WHERE id = NEW.quote_id)
    WHERE quote_id = NEW.quote_id AND tag = NEW.tag;
END;
