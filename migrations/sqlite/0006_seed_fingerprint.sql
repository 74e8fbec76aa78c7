-- The seed file as it was when it was last imported in full, by path: a start with an unchanged file skips it
-- after one stat (same size and modification time) or one read (same SHA-256), instead of checking every line.
CREATE TABLE seed_fingerprint (
    path TEXT PRIMARY KEY,           -- absolute, symlinks resolved
    size INTEGER NOT NULL,
    modified_ns INTEGER NOT NULL,    -- modification time, nanoseconds since 1970
    sha256 TEXT NOT NULL             -- hex digest of the whole content
);
