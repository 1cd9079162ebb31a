-- +goose Up
-- The pages members send before travelling (photos and scans of their
-- original documents, sanitised by server/attachment), for an agent's
-- pre-check. The bytes live here, in their own table, so every replica
-- serves every page; data is the last column so that the lists, which do
-- not read it, never touch its overflow pages.
CREATE TABLE pages (
    id               INTEGER PRIMARY KEY,
    reimbursement_id BIGINT  NOT NULL REFERENCES reimbursements (id),
    member_id        BIGINT  NOT NULL,
    document         INTEGER NOT NULL,
    number           INTEGER NOT NULL,
    content_type     TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    size             INTEGER NOT NULL,
    width            INTEGER NOT NULL,
    height           INTEGER NOT NULL,
    state            TEXT    NOT NULL,
    reason_code      TEXT    NOT NULL DEFAULT '',
    reason           TEXT    NOT NULL DEFAULT '',
    idempotency_key  TEXT    NOT NULL,
    request_hash     TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    data             BLOB    NOT NULL
);
CREATE UNIQUE INDEX pages_key ON pages (member_id, idempotency_key);
CREATE INDEX pages_request ON pages (reimbursement_id, document, number);
-- The console's queue "photos à contrôler", oldest first.
CREATE INDEX pages_to_check ON pages (created_at, reimbursement_id) WHERE state IN ('sent', 'seen');

-- Pages a member uploaded each day (removed ones included), for the daily budget.
CREATE TABLE page_uploads (
    member_id BIGINT  NOT NULL,
    day       TEXT    NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (member_id, day)
);

-- The agents' latest answer per document: a JSON array of api.DocumentCheck.
ALTER TABLE reimbursements ADD COLUMN precheck TEXT;

-- +goose Down
ALTER TABLE reimbursements DROP COLUMN precheck;
DROP TABLE page_uploads;
DROP TABLE pages;
