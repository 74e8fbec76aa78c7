-- Bulk inserts (seeding, `quotegen import`) give each row its change_seq themselves, counting up from the
-- batch's max(change_seq) inside their write transaction. The insert trigger then only numbers rows that
-- arrive without one (the API, other writers), instead of rewriting every bulk-inserted row a second time.
DROP TRIGGER quote_changed_on_insert;

CREATE TRIGGER quote_changed_on_insert AFTER INSERT ON quote WHEN NEW.change_seq = 0 BEGIN
    UPDATE quote SET change_seq = (SELECT max(change_seq) + 1 FROM quote) WHERE id = NEW.id;
END;
