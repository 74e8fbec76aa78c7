-- Every quote's author has its row (0006 and its backfill made them): now the database holds the rule too, so
-- that no writer (a replica of an older quotegen, psql) can store a quote whose author has no slug.
ALTER TABLE quote ADD CONSTRAINT quote_author FOREIGN KEY (author_key) REFERENCES author (key);
