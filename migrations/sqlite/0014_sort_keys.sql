-- GET /quotes?sort=author|-author|text|-text, and their cursors, walk these indexes instead of sorting every live
-- quote. The author order is the author as filters compare it (case and accents folded); a quote without an author
-- sorts as the empty name. The text order is by the first 64 characters (code point order, as both engines
-- compare bytes of UTF-8), then by id: an index of whole texts would copy every text once more.
-- QuoteQuery.sortKey writes these expressions; they must stay identical for SQLite to use the indexes.
CREATE INDEX quote_live_by_author_order ON quote(coalesce(author_key, ''), id) WHERE deleted_at IS NULL;
CREATE INDEX quote_live_by_text_order ON quote(substr(text, 1, 64), id) WHERE deleted_at IS NULL;
