-- GET /quotes?sort=author|-author|text|-text: the same orders as migrations/sqlite/0014_sort_keys.sql, in byte
-- order (COLLATE "C", what SQLite's BINARY compares) whatever the database's collation. By the text's first 64
-- characters: a B-tree entry holds at most about 2,700 bytes, and a text may have 4,000.
-- PostgresQuoteQuery.sortKey writes these expressions; they must stay identical for the planner to use the indexes.
CREATE INDEX quote_live_by_author_order ON quote ((coalesce(author_key, '') COLLATE "C"), id) WHERE deleted_at IS NULL;
CREATE INDEX quote_live_by_text_order ON quote ((left(text, 64) COLLATE "C"), id) WHERE deleted_at IS NULL;
