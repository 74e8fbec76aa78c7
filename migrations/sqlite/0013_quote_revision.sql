-- History: one row per change quotegen makes to a quote (the API, seeding, import, restore), holding the whole
-- content after the change, so that any revision can be made current again. Rows are only ever added (a
-- `quotegen copy --replace` empties the store, history included). Written by quotegen in the transaction of the
-- change itself, not by a trigger: the actor (an admin token's name, `seed`, `import`) is known only there.
CREATE TABLE quote_revision (
    change INTEGER PRIMARY KEY,       -- store-wide, in commit order (one writer at a time): the audit feed's cursor
    quote_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,        -- quote.revision after the change: the revision its ETag named
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'revive', 'baseline')),
    actor TEXT NOT NULL,
    at TEXT NOT NULL,                 -- RFC 3339, UTC
    text TEXT NOT NULL,
    author TEXT,
    tags TEXT,                        -- comma-joined in their order (as QuoteRow reads tags); NULL for none
    deleted INTEGER NOT NULL CHECK (deleted IN (0, 1))
);

-- A quote's history, newest first, and "its revision N".
CREATE UNIQUE INDEX quote_revision_by_quote ON quote_revision (quote_id, revision);

-- What every quote was when history began: one baseline per row, tombstones included (a deleted quote can be
-- restored), so that the first edit after this migration can be undone.
INSERT INTO quote_revision (quote_id, revision, action, actor, at, text, author, tags, deleted)
SELECT q.id, q.revision, 'baseline', 'migration', q.updated_at, q.text, q.author,
    (SELECT group_concat(tag, ',') FROM (SELECT tag FROM quote_tag WHERE quote_id = q.id ORDER BY position)),
    q.deleted_at IS NOT NULL
FROM quote q ORDER BY q.change_seq;
