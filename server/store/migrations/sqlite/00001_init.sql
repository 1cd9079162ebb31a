-- +goose Up
-- Times are unix milliseconds (UTC); dates are TEXT 'YYYY-MM-DD', which sorts
-- as dates do. The same shape is used on PostgreSQL so one store serves both.
CREATE TABLE members (
    id               INTEGER PRIMARY KEY,
    matricule        TEXT    NOT NULL UNIQUE,
    cin              TEXT    NOT NULL,
    last_name        TEXT    NOT NULL,
    first_name       TEXT    NOT NULL,
    email            TEXT    NOT NULL,
    email_lower      TEXT    NOT NULL UNIQUE,
    phone            TEXT    NOT NULL DEFAULT '',
    birth_date       TEXT    NOT NULL,
    echelle          INTEGER NOT NULL,
    echelon          INTEGER NOT NULL,
    recruitment_date TEXT    NOT NULL,
    children_count   INTEGER NOT NULL,
    password_hash    TEXT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);

CREATE TABLE agents (
    id            INTEGER PRIMARY KEY,
    email_lower   TEXT   NOT NULL UNIQUE,
    name          TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash   BLOB    PRIMARY KEY,
    role         TEXT    NOT NULL,
    subject_id   BIGINT  NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX sessions_subject ON sessions (role, subject_id);

CREATE TABLE throttle (
    key          TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL,
    last_failure BIGINT  NOT NULL,
    locked_until BIGINT  NOT NULL
);

CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    member_id  BIGINT  NOT NULL REFERENCES members (id),
    code_hash  TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    BIGINT
);
CREATE INDEX recovery_codes_member ON recovery_codes (member_id, id);

CREATE TABLE campaigns (
    season       INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    invoice_from TEXT    NOT NULL,
    invoice_to   TEXT    NOT NULL,
    opens_on     TEXT    NOT NULL,
    closes_on    TEXT    NOT NULL,
    deposit_days INTEGER NOT NULL,
    documents_fr TEXT    NOT NULL,
    documents_ar TEXT    NOT NULL,
    location_fr  TEXT    NOT NULL,
    location_ar  TEXT    NOT NULL,
    updated_at   BIGINT  NOT NULL,
    PRIMARY KEY (season, kind)
);

CREATE TABLE reimbursements (
    id               INTEGER PRIMARY KEY,
    reference        TEXT    UNIQUE,
    member_id        BIGINT  NOT NULL REFERENCES members (id),
    kind             TEXT    NOT NULL,
    season           INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    deposit_deadline TEXT    NOT NULL,
    documents_fr     TEXT    NOT NULL,
    documents_ar     TEXT    NOT NULL,
    location_fr      TEXT    NOT NULL,
    location_ar      TEXT    NOT NULL,
    amount_centimes  BIGINT,
    reason           TEXT
);
CREATE INDEX reimbursements_member ON reimbursements (member_id, id);
CREATE INDEX reimbursements_status ON reimbursements (status, deposit_deadline);
-- One live request per member, kind and season; cancelled and expired ones free the slot.
CREATE UNIQUE INDEX reimbursements_one_live ON reimbursements (member_id, kind, season)
    WHERE status NOT IN ('cancelled', 'expired');

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    reimbursement_id BIGINT NOT NULL REFERENCES reimbursements (id),
    status           TEXT   NOT NULL,
    at               BIGINT NOT NULL,
    note             TEXT   NOT NULL,
    actor            TEXT   NOT NULL,
    agent_id         BIGINT REFERENCES agents (id)
);
CREATE INDEX events_reimbursement ON events (reimbursement_id, id);

CREATE TABLE idempotency_keys (
    member_id        BIGINT NOT NULL,
    key              TEXT   NOT NULL,
    request_hash     TEXT   NOT NULL,
    reimbursement_id BIGINT NOT NULL,
    response         TEXT   NOT NULL,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (member_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    to_addr         TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    next_attempt_at BIGINT  NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    sent_at         BIGINT,
    last_error      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- +goose Down
DROP TABLE outbox;
DROP TABLE idempotency_keys;
DROP TABLE events;
DROP TABLE reimbursements;
DROP TABLE campaigns;
DROP TABLE recovery_codes;
DROP TABLE throttle;
DROP TABLE sessions;
DROP TABLE agents;
DROP TABLE members;
