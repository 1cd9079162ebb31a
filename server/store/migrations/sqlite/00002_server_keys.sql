-- +goose Up
-- Secret keys the server derives signatures and keyed hashes from (the
-- counter's QR signature, the audit log's identifier hashes). Each is made
-- once, by whichever replica needs it first, and then shared by all.
CREATE TABLE server_keys (
    name       TEXT   PRIMARY KEY,
    secret     BLOB  NOT NULL,
    created_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE server_keys;
