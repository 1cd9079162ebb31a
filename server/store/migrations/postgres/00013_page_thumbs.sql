-- +goose Up
-- An image page's thumbnail (server/attachment/thumb.go: 240 px, about
-- 15 KB), which the lists of pages show instead of the page; NULL for a
-- PDF, and for a page stored before this migration until it is first asked
-- for (store/thumbs.go makes it then). The order of the columns does not
-- matter here as it does in SQLite: data and thumb are both over TOAST's
-- 2 KB threshold and stored out of line, and a nullable column without a
-- default is added without rewriting the table.
ALTER TABLE pages ADD COLUMN thumb BYTEA;

-- +goose Down
ALTER TABLE pages DROP COLUMN thumb;
