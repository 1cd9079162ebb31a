-- +goose Up
-- A request's version goes up by one with every change to its row, so a
-- member's list is versioned exactly by (number of requests, sum of their
-- versions): an insert raises the count, any update raises the sum, and
-- nothing is ever deleted. The list's ETag is made from it, so a poll
-- answered 304 reads this index only (server/store/versions.go).
ALTER TABLE reimbursements ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reimbursements_member_version ON reimbursements (member_id, version);
-- The reference is written right after the insert, in the same
-- transaction, before anyone can see the row: that first write is not a
-- change and does not count.
-- +goose StatementBegin
CREATE TRIGGER reimbursements_version AFTER UPDATE ON reimbursements
FOR EACH ROW WHEN NEW.version = OLD.version AND OLD.reference IS NOT NULL
BEGIN
    UPDATE reimbursements SET version = OLD.version + 1 WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER reimbursements_version;
DROP INDEX reimbursements_member_version;
ALTER TABLE reimbursements DROP COLUMN version;
