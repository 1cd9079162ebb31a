-- +goose Up
-- The agents' console: roles, optimistic concurrency, rejection codes, the
-- documents found missing at the counter, agents' notes, a ceiling per
-- window, and the profile as it was when each request was made.
ALTER TABLE agents ADD COLUMN role TEXT NOT NULL DEFAULT 'agent';

-- The console refuses an action made on a stale page by the request's
-- version (migration 00004), which it raises itself with each action.
ALTER TABLE reimbursements ADD COLUMN reject_reason TEXT;
-- JSON array of indexes into documents_fr/documents_ar, while awaiting documents.
ALTER TABLE reimbursements ADD COLUMN missing_documents TEXT;

-- kind: 'status' (a change of status), 'missing_documents' (shown to the
-- member), 'note' (an agent's note, never shown to the member).
ALTER TABLE events ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';

ALTER TABLE campaigns ADD COLUMN ceiling_centimes BIGINT;

-- The member's record when the request was made: creation refuses a
-- request whose confirmed profile differs from the record, so this is the
-- profile the member confirmed. Filled by a trigger, whatever code inserts.
CREATE TABLE reimbursement_profiles (
    reimbursement_id BIGINT  PRIMARY KEY REFERENCES reimbursements (id),
    last_name        TEXT    NOT NULL,
    first_name       TEXT    NOT NULL,
    birth_date       TEXT    NOT NULL,
    echelle          INTEGER NOT NULL,
    echelon          INTEGER NOT NULL,
    recruitment_date TEXT    NOT NULL,
    children_count   INTEGER NOT NULL
);
INSERT INTO reimbursement_profiles
    SELECT r.id, m.last_name, m.first_name, m.birth_date, m.echelle, m.echelon, m.recruitment_date, m.children_count
    FROM reimbursements r JOIN members m ON m.id = r.member_id;

-- +goose StatementBegin
CREATE FUNCTION reimbursement_profile_snapshot() RETURNS trigger AS $$
BEGIN
    INSERT INTO reimbursement_profiles
        SELECT NEW.id, m.last_name, m.first_name, m.birth_date, m.echelle, m.echelon, m.recruitment_date, m.children_count
        FROM members m WHERE m.id = NEW.member_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER reimbursement_profile_snapshot AFTER INSERT ON reimbursements
    FOR EACH ROW EXECUTE FUNCTION reimbursement_profile_snapshot();

-- The console's queue: filtered by season (and window) and status, sorted by deadline.
CREATE INDEX reimbursements_queue ON reimbursements (season, status, deposit_deadline, id);
CREATE INDEX reimbursements_queue_kind ON reimbursements (season, kind, status, deposit_deadline, id);
CREATE INDEX reimbursements_queue_season ON reimbursements (season, deposit_deadline, id);
CREATE INDEX members_cin ON members (cin);
-- Today's activity on the dashboard.
CREATE INDEX events_at ON events (at);

-- +goose Down
DROP INDEX events_at;
DROP INDEX members_cin;
DROP INDEX reimbursements_queue_season;
DROP INDEX reimbursements_queue_kind;
DROP INDEX reimbursements_queue;
DROP TRIGGER reimbursement_profile_snapshot ON reimbursements;
DROP FUNCTION reimbursement_profile_snapshot();
DROP TABLE reimbursement_profiles;
ALTER TABLE campaigns DROP COLUMN ceiling_centimes;
ALTER TABLE events DROP COLUMN kind;
ALTER TABLE reimbursements DROP COLUMN missing_documents;
ALTER TABLE reimbursements DROP COLUMN reject_reason;
ALTER TABLE agents DROP COLUMN role;
