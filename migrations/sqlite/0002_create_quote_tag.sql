-- Tags of a quote, in the order they were given.
CREATE TABLE quote_tag (
    quote_id INTEGER NOT NULL REFERENCES quote(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (quote_id, tag)
) WITHOUT ROWID;

-- GET /quote?tag=… and GET /quotes?tag=… look quotes up by tag.
CREATE INDEX quote_tag_by_tag ON quote_tag(tag, quote_id);
