package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
)

// listETagger is the conditional list read of the real client.
type listETagger interface {
	ReimbursementsIfChanged(ctx context.Context, etag string) (api.ReimbursementList, string, bool, error)
}

// watch stands between the screens and the API. It keeps the server's last
// answers about the member's requests (and the profile, services and
// season, which lead to them) in the sealed cache, and serves them when
// the server cannot be reached, so that the member reads them offline. It
// sees every status the app reads, from any screen or from the refresher,
// and tells the member of each change once, including missing documents an
// agent records at the counter: the last status and missing documents told
// are kept per request, across restarts. A new session, a logout or an
// ended session wipes it all.
type watch struct {
	Backend
	cache *client.Cache // nil: kept in memory only
	now   func() time.Time
	// tell sends a local notification; changed is called, from any
	// goroutine, when the offline state or the marks change, and told
	// after a change was told.
	told    func()
	tell    func(title, body string)
	t       func(key string, args ...any) string
	date    func(api.Date) string
	changed func()
	// loggedIn is called after a login, so that the refresher starts.
	loggedIn func()
	// serverLang is told the language the server keeps for the member,
	// from each profile it sends (lang_sync.go); nil tells nothing.
	serverLang func(string)

	mu      sync.Mutex
	snap    client.Snapshot
	offline bool
	saved   time.Time // when the snapshot was last written
	// unsaved: the snapshot changed since (record, opened); the read
	// that changed it saves it as it ends (cachedRead), once.
	unsaved bool
	// era counts the wipes: an answer to a call made before the last wipe
	// (a refresh in flight at logout) is not kept.
	era int
	// own is the status the member's own act in flight (a cancel) will
	// give a request: a read that sees it first, a refresh's, is not told.
	own map[int64]api.Status
}

// bgKey marks the refresher's calls: the member did not open anything.
type bgKey struct{}

func background(ctx context.Context) context.Context { return context.WithValue(ctx, bgKey{}, true) }

func isBackground(ctx context.Context) bool { return ctx.Value(bgKey{}) != nil }

// load reads the sealed cache; an unreadable one is dropped.
func (w *watch) load() {
	if w.cache == nil {
		return
	}
	s, err := w.cache.Load()
	if err != nil {
		_ = w.cache.Wipe()
	}
	w.mu.Lock()
	w.snap = s
	w.mu.Unlock()
}

// save writes the snapshot; w.mu is held. A cache that cannot be written
// costs only offline reading.
func (w *watch) save() {
	w.saved, w.unsaved = w.now(), false
	if w.cache != nil {
		_ = w.cache.Save(w.snap)
	}
}

// wipe forgets everything, on the device too.
func (w *watch) wipe() {
	w.mu.Lock()
	w.snap, w.offline, w.unsaved = client.Snapshot{}, false, false
	w.era++
	if w.cache != nil {
		_ = w.cache.Wipe()
	}
	w.mu.Unlock()
	w.changed()
}

// current returns the current era, to pass along with the answer of a call
// started now.
func (w *watch) current() int { w.mu.Lock(); defer w.mu.Unlock(); return w.era }

// read is the context of a read: once the server is known to be out of
// reach, a screen's read is tried once, so that the member sees the last
// known data at once instead of after the client's retries; the refresher
// keeps asking meanwhile.
func (w *watch) read(ctx context.Context) context.Context {
	if off, _ := w.Offline(); off {
		return client.WithoutRetries(ctx)
	}
	return ctx
}

// Login implements screens.Authenticator: a new session starts from
// nothing, whoever had the phone before.
func (w *watch) Login(ctx context.Context, identifier, password string) (api.LoginResponse, error) {
	r, err := w.Backend.Login(ctx, identifier, password)
	if err == nil && r.AccessToken != "" {
		w.wipe()
		w.loggedIn()
	}
	return r, err
}

// Logout implements screens.Authenticator, wiping the cache first.
func (w *watch) Logout(ctx context.Context) error {
	w.wipe()
	return w.Backend.Logout(ctx)
}

// Me implements screens.Profiler, from the cache when offline: the
// service list greets the member by name.
func (w *watch) Me(ctx context.Context) (api.Profile, error) {
	era := w.current()
	p, err := w.Backend.Me(w.read(ctx))
	if err == nil && w.serverLang != nil {
		w.serverLang(p.Lang)
	}
	p, _, _, err = cachedRead(w, ctx, era, "/me", p, "", "", false, err)
	return p, err
}

// Services implements screens.ServiceLister, from the cache when offline.
func (w *watch) Services(ctx context.Context) (api.ServiceList, error) {
	era := w.current()
	l, err := w.Backend.Services(w.read(ctx))
	l, _, _, err = cachedRead(w, ctx, era, "/services", l, "", "", false, err)
	return l, err
}

// Estivage implements screens.Estivager, from the cache when offline.
func (w *watch) Estivage(ctx context.Context) (api.Estivage, error) {
	era := w.current()
	e, err := w.Backend.Estivage(w.read(ctx))
	e, _, _, err = cachedRead(w, ctx, era, "/estivage", e, "", "", false, err)
	return e, err
}

// Reimbursements implements screens.Tracker.
func (w *watch) Reimbursements(ctx context.Context) (api.ReimbursementList, error) {
	l, _, _, err := w.ReimbursementsIfChanged(ctx, "")
	return l, err
}

// ReimbursementsIfChanged is the list read with If-None-Match: etag. The
// statuses read are watched; offline, the cached list is served (as not
// modified when etag names it), except to the refresher.
func (w *watch) ReimbursementsIfChanged(ctx context.Context, etag string) (api.ReimbursementList, string, bool, error) {
	var l api.ReimbursementList
	var newETag string
	var nm bool
	var err error
	era := w.current()
	if c, ok := w.Backend.(listETagger); ok {
		l, newETag, nm, err = c.ReimbursementsIfChanged(w.read(ctx), etag)
	} else {
		l, err = w.Backend.Reimbursements(w.read(ctx))
	}
	var told []news
	if err == nil && !nm {
		told = w.record(era, false, l.Items)
	}
	l, newETag, nm, err = cachedRead(w, ctx, era, "/reimbursements", l, etag, newETag, nm, err)
	w.announce(told)
	return l, newETag, nm, err
}

// Reimbursement implements screens.Tracker. Read by the member (not the
// refresher), the request is no longer new. Offline, the cached request
// is served, or else its line of the cached list.
func (w *watch) Reimbursement(ctx context.Context, id int64, etag string) (api.Reimbursement, string, bool, error) {
	era := w.current()
	r, newETag, nm, err := w.Backend.Reimbursement(w.read(ctx), id, etag)
	var told []news
	if err == nil && !nm {
		told = w.record(era, false, []api.Reimbursement{r})
	}
	if err == nil && !isBackground(ctx) {
		w.opened(id)
	}
	if err != nil && client.Unreachable(err) && !isBackground(ctx) {
		if it, ok := w.listItem(id); ok {
			w.failed(err)
			return it, "", false, nil
		}
	}
	r, newETag, nm, err = cachedRead(w, ctx, era, reimbursementPath(id), r, etag, newETag, nm, err)
	w.announce(told)
	return r, newETag, nm, err
}

// reimbursementPath is request id's path, its answer's key in the cache.
func reimbursementPath(id int64) string { return fmt.Sprintf("/reimbursements/%d", id) }

// listItem is request id's line of the cached list when its own answer is
// not cached: what the member can read of it offline.
func (w *watch) listItem(id int64) (api.Reimbursement, bool) {
	if _, cached := w.etag(reimbursementPath(id)); cached {
		return api.Reimbursement{}, false
	}
	var l api.ReimbursementList
	if _, ok := w.recall("/reimbursements", &l); ok {
		for _, it := range l.Items {
			if it.ID == id {
				return it, true
			}
		}
	}
	return api.Reimbursement{}, false
}

// Cancel implements screens.Tracker: the member's own act is seen, not told.
func (w *watch) Cancel(ctx context.Context, id int64) (api.Reimbursement, error) {
	era := w.current()
	w.mu.Lock()
	if w.own == nil {
		w.own = map[int64]api.Status{}
	}
	w.own[id] = api.StatusCancelled
	w.mu.Unlock()
	r, err := w.Backend.Cancel(ctx, id)
	if err == nil {
		w.observe(era, true, r)
	} else {
		w.failed(err)
	}
	w.mu.Lock()
	delete(w.own, id)
	w.mu.Unlock()
	return r, err
}

// CreateReimbursement implements screens.Requester: a new request is seen,
// not told.
func (w *watch) CreateReimbursement(ctx context.Context, key string, req api.CreateReimbursementRequest) (api.Reimbursement, error) {
	era := w.current()
	r, err := w.Backend.CreateReimbursement(ctx, key, req)
	if err == nil {
		w.observe(era, true, r)
	} else {
		w.failed(err)
	}
	return r, err
}
