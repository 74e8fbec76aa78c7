-- Named admin tokens (see migrations/sqlite/0012): only each token's SHA-256 is kept; a revoked token keeps its
-- row, so its name stays taken.
CREATE TABLE admin_token (
    name text PRIMARY KEY,
    digest text NOT NULL UNIQUE,      -- SHA-256 of the token, lower-case hex
    created_at text NOT NULL,         -- RFC 3339, UTC
    expires_at text,                  -- NULL: never
    last_used_at text,
    revoked_at text                   -- NULL while it opens the admin API
);
