package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/store"
)

// sidewaysPage is a photo taken sideways as server/attachment cleans it,
// with its thumbnail.
func sidewaysPage(t *testing.T) store.NewPage {
	t.Helper()
	c, err := attachment.Sanitize(attachmenttest.Sideways(800, 600), attachment.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return store.NewPage{Document: 0, Name: "facture.jpeg", ContentType: c.ContentType, Width: c.Width, Height: c.Height,
		Data: c.Data, Thumb: c.Thumb}
}

// countingThumb is attachment.ThumbnailInSlot, counting its calls.
func countingThumb(n *int) store.MakeThumb {
	return func(ctx context.Context, ct string, data []byte) ([]byte, error) {
		*n++
		return attachment.ThumbnailInSlot(ctx, ct, data)
	}
}

func TestPageThumbs(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		req, _, _, members := consoleFixture(t, db)
		me, other := memberOf(t, db, members[0]), memberOf(t, db, members[1])
		photo := sidewaysPage(t)
		p, _, err := db.AddPage(ctx, me, req, "thumb-key-1", "h1", photo)
		if err != nil {
			t.Fatal(err)
		}
		made := 0
		mk := countingThumb(&made)

		d, err := db.PageThumb(ctx, me, req, p.ID, mk)
		if err != nil {
			t.Fatal(err)
		}
		if err := attachmenttest.CheckThumb(d.Data, 800, 600, attachment.ThumbSide); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d.Data, photo.Thumb) || d.ContentType != "image/jpeg" || d.Name != "facture-thumb.jpg" || made != 0 {
			t.Fatalf("thumbnail %q %s, %d bytes (made %d times), want the one stored at upload", d.Name, d.ContentType, len(d.Data), made)
		}
		a, err := db.AgentPageThumb(ctx, req, p.ID, mk)
		if err != nil || !bytes.Equal(a.Data, photo.Thumb) {
			t.Fatalf("agent's thumbnail: %v", err)
		}
		if list, _ := db.Pages(ctx, me, req); list[0].State != api.PageSent {
			t.Fatalf("state %s after the agent's thumbnail, want sent: the member may still remove it", list[0].State)
		}

		for name, read := range map[string]func() error{
			"other member's page":     func() error { _, err := db.PageThumb(ctx, other, req, p.ID, mk); return err },
			"page of another request": func() error { _, err := db.PageThumb(ctx, me, req+1, p.ID, mk); return err },
			"agent, wrong request":    func() error { _, err := db.AgentPageThumb(ctx, req+1, p.ID, mk); return err },
			"no such page":            func() error { _, err := db.PageThumb(ctx, me, req, p.ID+100, mk); return err },
		} {
			if err := read(); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: %v, want ErrNotFound", name, err)
			}
		}

		// A PDF has none, and its bytes are not even read for one.
		pdf, _, err := db.AddPage(ctx, me, req, "thumb-key-2", "h2", store.NewPage{Document: 0, Name: "rib.pdf",
			ContentType: "application/pdf", Data: attachmenttest.PDF()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PageThumb(ctx, me, req, pdf.ID, mk); !errors.Is(err, store.ErrNoThumb) || made != 0 {
			t.Fatalf("PDF: %v (made %d), want ErrNoThumb", err, made)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM pages WHERE thumb IS NULL`); n != 1 {
			t.Fatalf("%d pages without a thumbnail, want the PDF only (NULL, not an empty blob)", n)
		}

		// Removed, its thumbnail goes with it.
		if err := db.DeletePage(ctx, me, req, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PageThumb(ctx, me, req, p.ID, mk); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("removed page's thumbnail: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM pages WHERE thumb IS NOT NULL`); n != 0 {
			t.Fatalf("%d thumbnails left after the removal", n)
		}
	})
}

// TestPageThumbsOfOldPages: pages stored before migration 00013 (the
// column dropped, then added again by the next Open: on SQLite the table
// is rebuilt) keep their bytes and get their thumbnail on first request,
// made once; the retention purge takes them with their thumbnails.
func TestPageThumbsOfOldPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		req, agent, _, members := consoleFixture(t, db)
		me := memberOf(t, db, members[0])
		photo := sidewaysPage(t)
		var ids []int64
		for i := 0; i < 3; i++ {
			p, _, err := db.AddPage(ctx, me, req, fmt.Sprintf("old-key-%d", i), "h", photo)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		if err := store.MigrateDownTo(ctx, db.Store, 12); err != nil {
			t.Fatalf("down to 12: %v", err)
		}
		s := db.reopen(t) // migrates up again
		if n := count(t, db, `SELECT COUNT(*) FROM pages WHERE thumb IS NULL`); n != 3 {
			t.Fatalf("%d pages without a thumbnail after the migration, want 3", n)
		}
		made := 0
		for round := 0; round < 2; round++ {
			for _, id := range ids {
				d, err := s.PageThumb(ctx, me, req, id, countingThumb(&made))
				if err != nil {
					t.Fatal(err)
				}
				if err := attachmenttest.CheckThumb(d.Data, 800, 600, attachment.ThumbSide); err != nil {
					t.Fatal(err)
				}
			}
		}
		if made != 3 {
			t.Fatalf("thumbnails made %d times for 3 old pages read twice, want 3 (stored at the first)", made)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM pages WHERE thumb IS NOT NULL`); n != 3 {
			t.Fatalf("%d thumbnails stored, want 3", n)
		}
		d, err := s.PageData(ctx, me, req, ids[0])
		if err != nil || !bytes.Equal(d.Data, photo.Data) {
			t.Fatalf("the page's bytes after the migration: %v", err)
		}
		list, err := s.Pages(ctx, me, req)
		if err != nil || len(list) != 3 || list[2].Number != 3 || list[0].Width != photo.Width {
			t.Fatalf("list after the migration: %+v %v", list, err)
		}

		if _, err := s.Transition(ctx, req, store.MoveReject, store.Change{AgentID: agent, Reason: "hors délai"}); err != nil {
			t.Fatal(err)
		}
		db.clock.Add(91 * 24 * time.Hour)
		if n, err := s.PurgePages(ctx, 90*24*time.Hour, 2); err != nil || n != 3 {
			t.Fatalf("purge: %d %v", n, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM pages`); n != 0 {
			t.Fatalf("%d pages (with their thumbnails) left after the purge", n)
		}
	})
}
