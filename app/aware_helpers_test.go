package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/server/testserver"
)

// refreshEvery is the refresher's period in these tests.
const refreshEvery = 40 * time.Millisecond

// hit is one request the recorder passed on, with what it answered.
type hit struct {
	method, path, ifNoneMatch string
	status, bodyLen           int
}

// recorder is a proxy in front of the real server that records every
// exchange, and can play a server that is down (every connection cut).
type recorder struct {
	*httptest.Server
	down atomic.Bool
	cut  atomic.Int32 // connections cut while down
	mu   sync.Mutex
	hits []hit
}

func newRecorder(t *testing.T, srv *testserver.Server) *recorder {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rec.down.Load() {
			rec.cut.Add(1)
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		cw := &countingWriter{ResponseWriter: w}
		proxy.ServeHTTP(cw, r)
		rec.mu.Lock()
		rec.hits = append(rec.hits, hit{r.Method, r.URL.Path, r.Header.Get("If-None-Match"), cw.status, cw.n})
		rec.mu.Unlock()
	}))
	t.Cleanup(rec.Close)
	return rec
}

// since returns the exchanges recorded after the first n.
func (rec *recorder) since(n int) []hit {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]hit(nil), rec.hits[n:]...)
}

func (rec *recorder) count() int { rec.mu.Lock(); defer rec.mu.Unlock(); return len(rec.hits) }

// waitLast waits until the last exchange satisfies ok.
func (rec *recorder) waitLast(t *testing.T, ok func(hit) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if n := rec.count(); n > 0 && ok(rec.since(n - 1)[0]) {
			return
		}
		time.Sleep(refreshEvery / 4)
	}
	t.Fatal("the last exchange never came")
}

// waitQuiet waits until no exchange comes for three refresh periods.
func (rec *recorder) waitQuiet(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		n := rec.count()
		time.Sleep(3 * refreshEvery)
		if rec.count() == n {
			return
		}
	}
	t.Fatal("the exchanges never stopped")
}

type countingWriter struct {
	http.ResponseWriter
	status, n int
}

func (w *countingWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }
func (w *countingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.n += n
	return n, err
}

// device is a phone's private storage: its token store and sealed cache
// outlive each start of the app.
type device struct {
	dir string
	now func() time.Time
	// desktop: an unfocused window keeps refreshing (the test driver is a
	// desktop one; the other tests play a phone).
	desktop bool
}

// startOn starts the app on d against base, as Run does (token store and
// cache in the app's storage), with a fast refresher, as on a phone unless
// d is a desktop.
func startOn(t *testing.T, srv *testserver.Server, base string, d device, locale string) *flow {
	t.Helper()
	return startFlow(t, srv, locale, Config{API: newTestBackend(t, base, d.dir),
		Cache: client.NewCache(d.dir), RefreshEvery: refreshEvery, Now: d.now, PauseUnfocused: !d.desktop})
}

// withRequest starts the app in locale on a new phone, logs the member in
// and makes a request behind the app's back, which the refresher sees
// without telling it (the member made it); the member is on the service
// list.
func withRequest(t *testing.T, locale string) (*testserver.Server, device, *flow, api.Reimbursement) {
	t.Helper()
	srv := testserver.New(t)
	d := device{dir: t.TempDir()}
	f := startOn(t, srv, srv.URL, d, locale)
	f.login(srv.Member.Identifier, srv.Member.Password)
	r := ask(t, f.backend)
	f.see("services.title")
	f.quiet(5*refreshEvery, "a request the member made")
	return srv, d, f, r
}

// stop closes the app, as a member swiping it away.
func (f *flow) stop() {
	f.app.Close()
	f.app.Current().Stop()
	f.settle()
}

// quiet runs the UI for d and fails on any notification meanwhile.
func (f *flow) quiet(d time.Duration, why string) {
	f.t.Helper()
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		f.q.Drain()
		select {
		case n := <-f.notified:
			f.t.Fatalf("%s: notified %q / %q", why, n.Title, n.Content)
		default:
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// waitFor runs the UI until cond holds.
func (f *flow) waitFor(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		f.q.Drain()
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	f.t.Fatalf("never: %s; the screen shows %q", what, visible(f.app.Window()))
}

// ask creates a summer request for the member through the real client,
// behind the app's back, and returns it.
func ask(t *testing.T, b Backend) api.Reimbursement {
	t.Helper()
	ctx := context.Background()
	me, err := b.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.CreateReimbursement(ctx, client.NewIdempotencyKey(), api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: me.ConfirmedProfile})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *flow) status(s api.Status) string { return f.tr.T("status." + string(s)) }
