package store

import (
	"context"
	"database/sql"
	"errors"
	"path"
	"strings"
)

// The thumbnails of image pages (column thumb, migration 00013), which the
// lists of pages show instead of the pages: server/attachment makes one at
// upload from the photo it decodes anyway (NewPage.Thumb). A page stored
// before thumbnails has none until it is first asked for: the reader then
// makes it from the page's bytes and stores it, once.

// MakeThumb makes the thumbnail of an image page from its stored bytes
// (attachment.ThumbnailInSlot: a page of many old photos opened at once
// decodes them a few at a time, beside the uploads).
type MakeThumb func(ctx context.Context, contentType string, data []byte) ([]byte, error)

// ErrNoThumb is the answer for a page that is not an image (a PDF): it
// has no thumbnail.
var ErrNoThumb = errors.New("store: this page is not an image and has no thumbnail")

// ThumbType is the content type of every thumbnail.
const ThumbType = "image/jpeg"

// PageThumb returns the thumbnail of one of the member's pages, made with
// mk and stored when the page has none yet. Errors: ErrNotFound (no such
// page on that request, or another member's), ErrNoThumb, and those of mk.
func (s *Store) PageThumb(ctx context.Context, memberID, requestID, pageID int64, mk MakeThumb) (PageData, error) {
	return s.thumb(ctx, s.queryRow(ctx, `SELECT content_type, name, thumb FROM pages
		WHERE id = $1 AND reimbursement_id = $2 AND member_id = $3`, pageID, requestID, memberID), pageID, mk)
}

// AgentPageThumb returns the thumbnail of a page of any request, as
// PageThumb does. Unlike AgentPageData it does not mark the page seen: a
// file's page of thumbnails is not yet an agent looking at the page, and
// its member may still remove it. Errors: those of PageThumb.
func (s *Store) AgentPageThumb(ctx context.Context, requestID, pageID int64, mk MakeThumb) (PageData, error) {
	return s.thumb(ctx, s.queryRow(ctx, `SELECT content_type, name, thumb FROM pages
		WHERE id = $1 AND reimbursement_id = $2`, pageID, requestID), pageID, mk)
}

// thumb reads the page's row, which the caller selected as its reader may
// see it, and makes its thumbnail when it has none. The page's bytes are
// read only then.
func (s *Store) thumb(ctx context.Context, row *sql.Row, pageID int64, mk MakeThumb) (PageData, error) {
	var contentType, name string
	var thumb []byte
	err := row.Scan(&contentType, &name, &thumb)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return PageData{}, ErrNotFound
	case err != nil:
		return PageData{}, err
	case !strings.HasPrefix(contentType, "image/"):
		return PageData{}, ErrNoThumb
	}
	if thumb == nil {
		var data []byte
		err := s.queryRow(ctx, `SELECT data FROM pages WHERE id = $1`, pageID).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return PageData{}, ErrNotFound // removed meanwhile
		}
		if err != nil {
			return PageData{}, err
		}
		if thumb, err = mk(ctx, contentType, data); err != nil {
			return PageData{}, err
		}
		// Two readers may both make it: the first one stored wins, and
		// both send the same bytes.
		if _, err := s.exec(ctx, `UPDATE pages SET thumb = $1 WHERE id = $2 AND thumb IS NULL`, thumb, pageID); err != nil {
			return PageData{}, err
		}
	}
	return PageData{ContentType: ThumbType, Name: thumbName(name), Data: thumb}, nil
}

// thumbName is the file name a thumbnail is served under: the page's,
// with "-thumb.jpg" for its extension.
func thumbName(name string) string {
	return strings.TrimSuffix(name, path.Ext(name)) + "-thumb.jpg"
}
