-- +goose Up
-- Payment batches: the approved files a supervisor exports together and
-- then marks paid in one action. A file belongs to one batch at most, so a
-- batch paid twice, or two batches, never pay a file twice.
CREATE TABLE payment_batches (
    id             INTEGER PRIMARY KEY,
    created_at     BIGINT  NOT NULL,
    created_by     BIGINT  NOT NULL REFERENCES agents (id),
    file_count     INTEGER NOT NULL,
    total_centimes BIGINT  NOT NULL,
    paid_at        BIGINT,
    paid_by        BIGINT  REFERENCES agents (id),
    paid_count     INTEGER NOT NULL DEFAULT 0,
    -- A cancelled batch was never paid; its files went back to the payable ones.
    cancelled_at   BIGINT,
    cancelled_by   BIGINT  REFERENCES agents (id)
);
CREATE INDEX payment_batches_created ON payment_batches (created_at);

CREATE TABLE payment_items (
    batch_id         BIGINT NOT NULL REFERENCES payment_batches (id),
    reimbursement_id BIGINT NOT NULL REFERENCES reimbursements (id),
    amount_centimes  BIGINT NOT NULL,
    PRIMARY KEY (batch_id, reimbursement_id)
);
CREATE UNIQUE INDEX payment_items_once ON payment_items (reimbursement_id);

-- +goose Down
DROP TABLE payment_items;
DROP TABLE payment_batches;
