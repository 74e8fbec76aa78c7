-- One row per quote ever stored. Deleting a quote only sets deleted_at: the row stays as a
-- tombstone, so that seeding from seed/quotes.txt never brings a deleted quote back.
CREATE TABLE quote (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: an id is never reused, so URLs and ETags stay unambiguous
    text TEXT NOT NULL CHECK (length(text) > 0),
    author TEXT,
    source TEXT NOT NULL CHECK (source IN ('seed', 'api')),
    created_at TEXT NOT NULL,             -- RFC 3339, UTC
    updated_at TEXT NOT NULL,             -- RFC 3339, UTC
    deleted_at TEXT,                      -- RFC 3339, UTC; NULL while the quote is live
    revision INTEGER NOT NULL DEFAULT 1   -- bumped on every change; part of the ETag
);

-- Seeding asks "was this text ever stored?", tombstones included.
CREATE INDEX quote_by_text ON quote(text);

-- At most one live quote per text.
CREATE UNIQUE INDEX quote_live_text ON quote(text) WHERE deleted_at IS NULL;
