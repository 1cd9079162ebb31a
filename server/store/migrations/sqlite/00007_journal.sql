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
CREATE INDEX journal_account ON journal (account_id, at);
CREATE INDEX journal_action ON journal (action, at);

-- +goose Down
DROP TABLE journal;
