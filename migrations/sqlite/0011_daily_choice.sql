-- The quote of each day, written once by whichever process is asked first, so that every later call reads one
-- row and quotes added during the day never move it. When the chosen quote is deleted, the next choice (made
-- the same deterministic way) replaces the row.
CREATE TABLE daily_choice (
    day TEXT NOT NULL,             -- YYYY-MM-DD
    created_before TEXT NOT NULL,  -- the candidates' cut-off, RFC 3339, UTC
    quote_id INTEGER NOT NULL,
    PRIMARY KEY (day, created_before)
) WITHOUT ROWID;
