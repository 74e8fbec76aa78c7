-- The ids that quotes and authors had in the system they were imported from (`quotegen import --format quotable`
-- keeps Quotable's `_id`s), so that /quotable/ serves them as that system did and finds them by them. NULL for
-- everything else; unique where given, so an import finds what an earlier run of it stored.
ALTER TABLE quote ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX quote_by_external_id ON quote(external_id) WHERE external_id IS NOT NULL;
ALTER TABLE author ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX author_by_external_id ON author(external_id) WHERE external_id IS NOT NULL;
