-- +goose Up
-- Personal data (law 09-08, server/store/purge.go). A member who left the
-- ministry (members remove, members import --deactivate) cannot log in
-- any more, and is purged a retention period after left_at, once their
-- files are gone too.
ALTER TABLE members ADD COLUMN left_at BIGINT;
CREATE INDEX members_left ON members (left_at) WHERE left_at IS NOT NULL;
-- A purged request leaves its list version behind here (its version plus
-- one), so that the member's list version (versions.go) still never
-- returns to a value it had: a stale ETag cannot match a different list.
ALTER TABLE members ADD COLUMN purged_version BIGINT NOT NULL DEFAULT 0;

-- Closed files (paid, rejected, cancelled, expired) are purged a retention
-- period after their last change: this index finds them by status and age.
CREATE INDEX reimbursements_closed ON reimbursements (status, updated_at);

-- The purge pseudonymises the journal lines that name a purged file.
CREATE INDEX journal_target ON journal (target);

-- A member's logins, for their "Mes données" export: the date is kept a
-- year, the client address a month (the purge job blanks it).
CREATE TABLE member_logins (
    id        INTEGER PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members (id),
    at        BIGINT NOT NULL,
    client_ip TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX member_logins_member ON member_logins (member_id, at);
CREATE INDEX member_logins_at ON member_logins (at);
-- The job blanks addresses a month old each minute: it reads only the
-- lines that still hold one.
CREATE INDEX member_logins_ip ON member_logins (at) WHERE client_ip <> '';

-- +goose Down
DROP INDEX journal_target;
DROP INDEX member_logins_ip;
DROP TABLE member_logins;
DROP INDEX reimbursements_closed;
DROP INDEX members_left;
ALTER TABLE members DROP COLUMN purged_version;
ALTER TABLE members DROP COLUMN left_at;
