-- The author as the `author` filter and the authors' tallies compare it: case and accents folded
-- ("Émile Zola" = "emile zola"). quotegen writes it with every author it stores; quotegen_search_key() is
-- the same Swift function, available to migrations only. Two partial indexes serve `author=` in both list
-- orders without sorting: (author_key, id) and (author_key, created_at, id) (SQLite appends the rowid). Quotes
-- without an author (every seeded one) are in neither, so seeding does not maintain them.
ALTER TABLE quote ADD COLUMN author_key TEXT;
UPDATE quote SET author_key = quotegen_search_key(author) WHERE author IS NOT NULL;
CREATE INDEX quote_live_by_author ON quote(author_key) WHERE deleted_at IS NULL AND author_key IS NOT NULL;
CREATE INDEX quote_live_by_author_created_at ON quote(author_key, created_at) WHERE deleted_at IS NULL AND author_key IS NOT NULL;
