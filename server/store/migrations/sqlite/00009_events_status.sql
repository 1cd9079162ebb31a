-- +goose Up
-- The estimated payment date's history (estimates.go) reads the receipt and
-- payment events of a window's paid requests: this index finds them by
-- status and answers from the index alone.
CREATE INDEX events_status ON events (status, reimbursement_id, at);

-- +goose Down
DROP INDEX events_status;
