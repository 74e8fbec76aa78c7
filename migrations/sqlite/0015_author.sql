-- Authors as things: one row per author key (quote.author_key, the name with case and accents folded), made by
-- quotegen the first time a quote names the author, in the same transaction as that quote, and kept when the
-- author's quotes are deleted, so that a slug once given is never given to another author nor changed. Quotes
-- refer to their author by quote.author_key = author.key (SQLite cannot add a foreign key to an existing table;
-- quotegen's write paths are the one owner of this rule, SQLiteQuoteRepository+Authors.swift).
-- Slugs are made in Swift (AuthorSlug): after this file, the migration adds a row for every author key already
-- stored, in the order of each author's first quote (AuthorBackfill.swift).
CREATE TABLE author (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    bio TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1
);
