-- +goose Up
-- A login's attempt is reserved while its password is checked, and counted
-- as a failure only when it fails: pending holds the reservations in
-- flight, pending_until when they are given up for lost (a replica that
-- died mid-check), so that a success never arms a lock nor moves the
-- failure window.
ALTER TABLE throttle ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE throttle ADD COLUMN pending_until BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE throttle DROP COLUMN pending_until;
ALTER TABLE throttle DROP COLUMN pending;
