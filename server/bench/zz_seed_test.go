package bench

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/store"
)

func TestZZSeed(t *testing.T) {
	if os.Getenv("ZZSEED") == "" {
		t.Skip()
	}
	ctx := context.Background()
	url := "sqlite:" + filepath.Join(t.TempDir(), "b.db")
	if pg := os.Getenv("ZZPG"); pg != "" {
		u, drop, _ := isolate(ctx, pg)
		defer drop()
		url = u
	}
	s, _ := store.Open(ctx, url, store.Options{})
	t0 := time.Now()
	sd, err := newSeeder(ctx, s, 20000, 300)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("members", time.Since(t0))
	t0 = time.Now()
	if err := sd.requestsUpTo(ctx, 20000); err != nil {
		t.Fatal(err)
	}
	t.Log("requests", time.Since(t0))
}
