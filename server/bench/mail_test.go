package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/store"
)

// TestMeasureMail runs the mail phase at a tiny size: both batches pay
// their files, the second queues one mail per file, and the drain sends
// them all into the sink.
func TestMeasureMail(t *testing.T) {
	ctx := context.Background()
	url := "sqlite:" + filepath.Join(t.TempDir(), "bench.db")
	s, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sd, err := newSeeder(ctx, s, 100, 10)
	if err != nil {
		t.Fatal(err)
	}
	res, err := measureMail(ctx, Config{Requests: 250, Duration: 5 * time.Second}, sd, url, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Measured || res.Files != 25 || res.Queued != 25 || res.Sent != 25 || res.Plain <= 0 || res.WithMails <= 0 || res.Rate() <= 0 {
		t.Fatalf("result = %+v", res)
	}
}
