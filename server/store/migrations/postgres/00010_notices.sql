-- +goose Up
-- A member's notices (store/notices.go): the language of their mails (the
-- app's last choice, French until then) and whether they want a mail at
-- each step of their files (on by default; the one-time codes and the
-- "password changed" mail ignore it).
ALTER TABLE members ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr';
ALTER TABLE members ADD COLUMN email_notices INTEGER NOT NULL DEFAULT 1;

-- When the reminder of the deposit deadline was queued: once per file.
ALTER TABLE reimbursements ADD COLUMN reminded_at BIGINT;

-- A step's mail names its file, so that a later step within the grouping
-- delay rewrites the mail still waiting instead of queuing another one.
-- html is the HTML alternative and unsubscribe the List-Unsubscribe
-- target, both empty for the plain mails (codes).
ALTER TABLE outbox ADD COLUMN reimbursement_id BIGINT;
ALTER TABLE outbox ADD COLUMN html TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN unsubscribe TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_file ON outbox (reimbursement_id) WHERE sent_at IS NULL AND reimbursement_id IS NOT NULL;

-- +goose Down
DROP INDEX outbox_file;
ALTER TABLE outbox DROP COLUMN unsubscribe;
ALTER TABLE outbox DROP COLUMN html;
ALTER TABLE outbox DROP COLUMN reimbursement_id;
ALTER TABLE reimbursements DROP COLUMN reminded_at;
ALTER TABLE members DROP COLUMN email_notices;
ALTER TABLE members DROP COLUMN lang;
