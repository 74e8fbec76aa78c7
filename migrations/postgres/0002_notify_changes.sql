-- Replicas follow each other's writes as they commit: every statement that changes quotes notifies the channel
-- `quotegen_change` with the highest change number it gave (PostgresChangeListener listens). A notification is
-- sent at commit and never for a rolled-back statement. It is only a wake-up: the change feed, read by change
-- number, stays the one source of what changed, so a notification missed while a replica reconnects loses nothing.
-- One per statement, not per row: a seed of a million rows sends a few hundred.
CREATE FUNCTION quote_notify_changes() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    highest bigint;
BEGIN
    SELECT max(change_seq) INTO highest FROM changed;
    IF highest IS NOT NULL THEN
        PERFORM pg_notify('quotegen_change', highest::text);
    END IF;
    RETURN NULL;
END
$$;

-- A trigger with transition tables takes one event only: one for inserts, one for updates.
CREATE TRIGGER quote_inserts_notified AFTER INSERT ON quote
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION quote_notify_changes();
CREATE TRIGGER quote_updates_notified AFTER UPDATE ON quote
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION quote_notify_changes();
