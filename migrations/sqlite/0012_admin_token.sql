-- Named admin tokens (`quotegen token create NAME`). Only the token's SHA-256 is kept: a copy of the database,
-- a backup or an export never holds a usable token. A revoked token keeps its row, so its name stays taken and
-- `quotegen token list` still shows it.
CREATE TABLE admin_token (
    name TEXT PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,      -- SHA-256 of the token, lower-case hex
    created_at TEXT NOT NULL,         -- RFC 3339, UTC
    expires_at TEXT,                  -- NULL: never
    last_used_at TEXT,
    revoked_at TEXT                   -- NULL while it opens the admin API
) WITHOUT ROWID;
