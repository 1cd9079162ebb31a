package bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/store"
)

func TestZZProfile(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	ctx := context.Background()
	url := "sqlite:" + filepath.Join(t.TempDir(), "b.db")
	if pg := os.Getenv("ZZPG"); pg != "" {
		u, drop, err := isolate(ctx, pg)
		if err != nil {
			t.Fatal(err)
		}
		defer drop()
		url = u
	}
	s, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sd, err := newSeeder(ctx, s, 20000, 300)
	if err != nil {
		t.Fatal(err)
	}
	sd.requestsUpTo(ctx, 20000)
	srv, _ := startInProcess(s)
	c := newClient(srv.url, 256)
	tokens, err := loginAll(ctx, c, 300, 4)
	if err != nil {
		t.Fatal(err)
	}
	var next atomic.Uint64
	op := func(ctx context.Context) error {
		_, err := c.list(ctx, tokens[next.Add(1)%300], false)
		return err
	}
	closedLoop(ctx, 16, 0, time.Second, op)
	f, _ := os.Create(os.Getenv("ZZPROF"))
	pprof.StartCPUProfile(f)
	l := closedLoop(ctx, 16, 0, 8*time.Second, op)
	pprof.StopCPUProfile()
	t.Logf("%+v", l)
}
