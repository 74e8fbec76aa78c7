-- GET /quotes?sort=created_at and sort=-created_at, and their cursors, walk this index instead of sorting
-- every live quote (1.26 s at 1,000,000 quotes). Partial: tombstones are never listed.
CREATE INDEX quote_live_by_created_at ON quote(created_at, id) WHERE deleted_at IS NULL;
