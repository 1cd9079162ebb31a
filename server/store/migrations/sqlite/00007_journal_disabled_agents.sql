-- +goose Up
-- The console's journal: every agent action and every console login, as
-- audit events (server/audit). It never holds a secret: identifiers typed
-- at login are kept only as keyed hashes. account_id is the agent when
-- known (no foreign key: a failed login may name no agent at all).
CREATE TABLE journal (
    id         INTEGER PRIMARY KEY,
    at         BIGINT  NOT NULL,
    action     TEXT    NOT NULL,
    outcome    TEXT    NOT NULL,
    role       TEXT    NOT NULL DEFAULT '',
    account_id BIGINT,
    identifier TEXT    NOT NULL DEFAULT '',
    client_ip  TEXT    NOT NULL DEFAULT '',
    target     TEXT    NOT NULL DEFAULT '',
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX journal_at ON journal (at);
CREATE INDEX journal_account ON journal (account_id, id);
CREATE INDEX journal_action ON journal (action, id);

-- A disabled agent cannot log in (the store's agent lookups skip them) and
-- their sessions were revoked when they were disabled.
ALTER TABLE agents ADD COLUMN disabled_at BIGINT;

-- +goose Down
ALTER TABLE agents DROP COLUMN disabled_at;
DROP TABLE journal;
