-- One index on text instead of two. It answers both questions asked of a text: "was it ever stored?"
-- (seeding and imports, tombstones included) through its leading column, and keeps "at most one live quote
-- per text" as a uniqueness rule: a live row's second key is 0, a tombstone's is its own id, so tombstones
-- never collide with each other or with the live row. Every insert then maintains one text B-tree, not two.
DROP INDEX quote_by_text;
DROP INDEX quote_live_text;
CREATE UNIQUE INDEX quote_text ON quote(text, (CASE WHEN deleted_at IS NULL THEN 0 ELSE id END));
