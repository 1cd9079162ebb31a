-- +goose Up
-- An image page's thumbnail (server/attachment/thumb.go: 240 px, about
-- 15 KB), which the lists of pages show instead of the page; NULL for a
-- PDF, and for a page stored before this migration until it is first asked
-- for (store/thumbs.go makes it then).
--
-- The column goes before data, so the table is rebuilt: ADD COLUMN would
-- put it after data, and reading it would then walk the photo's whole
-- chain of overflow pages (about 100 of 4 KB) to reach it. Measured on
-- 200 rows of a 400 KB photo and a 12 KB thumbnail: 0.28 to 0.35 ms per
-- thumbnail read after data, 0.04 to 0.05 ms before it, and the same
-- 0.013 to 0.018 ms either way for the small columns the lists read.
-- The rebuild copies each stored page once.
CREATE TABLE pages_new (
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
    thumb            BLOB,
    data             BLOB    NOT NULL
);
INSERT INTO pages_new (id, reimbursement_id, member_id, document, number, content_type, name, size, width, height,
    state, reason_code, reason, idempotency_key, request_hash, created_at, updated_at, data)
SELECT id, reimbursement_id, member_id, document, number, content_type, name, size, width, height,
    state, reason_code, reason, idempotency_key, request_hash, created_at, updated_at, data FROM pages;
DROP TABLE pages;
ALTER TABLE pages_new RENAME TO pages;
CREATE UNIQUE INDEX pages_key ON pages (member_id, idempotency_key);
CREATE INDEX pages_request ON pages (reimbursement_id, document, number);
CREATE INDEX pages_to_check ON pages (created_at, reimbursement_id) WHERE state IN ('sent', 'seen');

-- +goose Down
ALTER TABLE pages DROP COLUMN thumb;
