package client_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/testserver"
)

// TestPagesAgainstRealServer: upload with progress, replay under the same
// key, list, read back (cleaned), remove; the refusals come back as their
// codes.
func TestPagesAgainstRealServer(t *testing.T) {
	srv := testserver.New(t)
	ctx := t.Context()
	c, r := memberRequest(t, srv, api.KindSummer)
	photo := attachmenttest.Photo(800, 600)
	var mu sync.Mutex
	var calls []int64
	key := client.NewIdempotencyKey()
	p, err := c.UploadPage(ctx, r.ID, 0, "facture hôtel.jpg", key, photo, func(sent, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if total != int64(len(photo)) {
			t.Errorf("total %d, want %d", total, len(photo))
		}
		calls = append(calls, sent)
	})
	if err != nil || p.State != api.PageSent || p.Name != "facture hôtel.jpg" {
		t.Fatalf("UploadPage = %+v, %v", p, err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != int64(len(photo)) {
		t.Fatalf("progress %v does not end at %d", calls, len(photo))
	}
	again, err := c.UploadPage(ctx, r.ID, 0, "facture hôtel.jpg", key, photo, nil)
	if err != nil || again.ID != p.ID {
		t.Fatalf("replay = %+v, %v", again, err)
	}
	l, err := c.Pages(ctx, r.ID)
	if err != nil || len(l.Items) != 1 {
		t.Fatalf("Pages = %+v, %v", l, err)
	}
	b, typ, err := c.PageBytes(ctx, r.ID, p.ID)
	if err != nil || typ != "image/jpeg" || len(b) != p.Size || bytes.Contains(b, []byte(attachmenttest.GPSMarker)) {
		t.Fatalf("PageBytes: %d bytes %q %v", len(b), typ, err)
	}
	if _, err := c.UploadPage(ctx, r.ID, 0, "x.jpg", client.NewIdempotencyKey(), attachmenttest.HTML(), nil); client.Code(err) != string(api.CodeUnsupportedMedia) {
		t.Fatalf("HTML upload: %v", err)
	}
	if err := c.DeletePage(ctx, r.ID, p.ID); err != nil {
		t.Fatalf("DeletePage: %v", err)
	}
	if err := c.DeletePage(ctx, r.ID, p.ID); client.Code(err) != string(api.CodeNotFound) {
		t.Fatalf("second DeletePage: %v", err)
	}
}

// TestUploadRetriesWithTheSameKey: a connection dropped mid-upload is
// retried whole, under the same key, and progress starts again.
func TestUploadRetriesWithTheSameKey(t *testing.T) {
	var n atomic.Int32
	var keys sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keys.Store(r.Header.Get(api.IdempotencyKeyHeader), true)
		if n.Add(1) == 1 {
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close() // the connection drops
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"id":9,"document":0,"number":1,"content_type":"image/jpeg","name":"p.jpg","size":3,"state":"sent","created_at":"2026-07-20T09:00:00Z","updated_at":"2026-07-20T09:00:00Z"}`))
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.NewFileStore(t.TempDir())})
	if err != nil {
		t.Fatal(err)
	}
	var restarts int
	last := int64(-1)
	p, err := c.UploadPage(t.Context(), 1, 0, "p.jpg", "key-0123456789", []byte("abc"), func(sent, _ int64) {
		if sent <= last {
			restarts++
		}
		last = sent
	})
	if err != nil || p.ID != 9 {
		t.Fatalf("UploadPage = %+v, %v", p, err)
	}
	count := 0
	keys.Range(func(k, _ any) bool { count++; return true })
	if n.Load() != 2 || count != 1 {
		t.Fatalf("%d attempts with %d keys, want 2 with 1", n.Load(), count)
	}
	if restarts != 1 {
		t.Fatalf("progress restarted %d times, want 1", restarts)
	}
}

// TestPageThumbnail: the server's thumbnail of a photo taken sideways is
// small and upright; a PDF has none (not_found).
func TestPageThumbnail(t *testing.T) {
	srv := testserver.New(t)
	ctx := t.Context()
	c, r := memberRequest(t, srv, api.KindSummer)
	p, err := c.UploadPage(ctx, r.ID, 0, "facture.jpg", client.NewIdempotencyKey(), attachmenttest.Sideways(800, 600), nil)
	if err != nil {
		t.Fatal(err)
	}
	thumb, err := c.PageThumbnail(ctx, r.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := attachmenttest.CheckThumb(thumb, 800, 600, 240); err != nil {
		t.Fatal(err)
	}
	pdf, err := c.UploadPage(ctx, r.ID, 1, "rib.pdf", client.NewIdempotencyKey(), attachmenttest.PDF(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PageThumbnail(ctx, r.ID, pdf.ID); client.Code(err) != string(api.CodeNotFound) {
		t.Fatalf("a PDF's thumbnail: %v, want not_found", err)
	}
}
