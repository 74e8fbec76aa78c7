-- History (see migrations/sqlite/0013): one row per change quotegen makes to a quote, with the whole content
-- after it, written in the change's own transaction. An entry's number is the quote's change number after the
-- change, so the audit feed follows the same rule as the change feed: numbers may commit out of order, and a
-- reader never steps over one that may still commit (PostgresQuoteStore.revisions).
CREATE TABLE quote_revision (
    change bigint PRIMARY KEY,        -- quote.change_seq after the change
    quote_id bigint NOT NULL,
    revision bigint NOT NULL,         -- quote.revision after the change
    action text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'revive', 'baseline')),
    actor text NOT NULL,
    at text NOT NULL,                 -- RFC 3339, UTC
    text text NOT NULL,
    author text,
    tags text[] NOT NULL DEFAULT '{}',
    deleted boolean NOT NULL,
    UNIQUE (quote_id, revision)
);

-- What every quote was when history began, tombstones included, so that the first edit after this can be undone.
INSERT INTO quote_revision (change, quote_id, revision, action, actor, at, text, author, tags, deleted)
SELECT change_seq, id, revision, 'baseline', 'migration', updated_at, text, author, tags, deleted_at IS NOT NULL FROM quote;
