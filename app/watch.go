package app

import (
	"context"
	"encoding/json"
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
// season, which lead to them) in the sealed cache, and serves them when the server
// cannot be reached, so that the member reads them offline. It sees every
// status the app reads, from any screen or from the refresher, and tells
// the member of each change once: the last status told is kept per
// request, across restarts. A new session, a logout or an ended session
// wipes it all.
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

	mu      sync.Mutex
	snap    client.Snapshot
	offline bool
	saved   time.Time // when the snapshot was last written
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
	w.saved = w.now()
	if w.cache != nil {
		_ = w.cache.Save(w.snap)
	}
}

// wipe forgets everything, on the device too.
func (w *watch) wipe() {
	w.mu.Lock()
	w.snap, w.offline = client.Snapshot{}, false
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
	p, err := w.Backend.Me(ctx)
	p, _, _, err = cachedRead(w, ctx, era, "/me", p, "", "", false, err)
	return p, err
}

// Services implements screens.ServiceLister, from the cache when offline.
func (w *watch) Services(ctx context.Context) (api.ServiceList, error) {
	era := w.current()
	l, err := w.Backend.Services(ctx)
	l, _, _, err = cachedRead(w, ctx, era, "/services", l, "", "", false, err)
	return l, err
}

// Estivage implements screens.Estivager, from the cache when offline.
func (w *watch) Estivage(ctx context.Context) (api.Estivage, error) {
	era := w.current()
	e, err := w.Backend.Estivage(ctx)
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
		l, newETag, nm, err = c.ReimbursementsIfChanged(ctx, etag)
	} else {
		l, err = w.Backend.Reimbursements(ctx)
	}
	if err == nil && !nm {
		w.observe(era, false, l.Items...)
	}
	return cachedRead(w, ctx, era, "/reimbursements", l, etag, newETag, nm, err)
}

// Reimbursement implements screens.Tracker. Read by the member (not the
// refresher), the request is no longer new. Offline, the cached request
// is served, or else its line of the cached list.
func (w *watch) Reimbursement(ctx context.Context, id int64, etag string) (api.Reimbursement, string, bool, error) {
	era := w.current()
	r, newETag, nm, err := w.Backend.Reimbursement(ctx, id, etag)
	if err == nil && !nm {
		w.observe(era, false, r)
	}
	if err == nil && !isBackground(ctx) {
		w.opened(id)
	}
	path := fmt.Sprintf("/reimbursements/%d", id)
	if err != nil && unreachable(err) && !isBackground(ctx) && !w.has(path) {
		var l api.ReimbursementList
		if _, ok := w.recall("/reimbursements", &l); ok {
			for _, it := range l.Items {
				if it.ID == id {
					w.failed(err)
					return it, "", false, nil
				}
			}
		}
	}
	return cachedRead(w, ctx, era, path, r, etag, newETag, nm, err)
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

// cachedRead completes a read of path that gave v (sent with sentETag,
// answered with newETag, nm on a 304) or err. A new answer is cached; a
// 304 only confirms the server answers. When the server cannot be
// reached, a screen (never the refresher, which must see the failure to
// back off) gets the cached answer, as not modified when sentETag names it.
func cachedRead[T any](w *watch, ctx context.Context, era int, path string, v T, sentETag, newETag string, nm bool, err error) (T, string, bool, error) {
	switch {
	case err == nil && nm:
		w.reached()
		return v, newETag, true, nil
	case err == nil:
		w.remember(era, path, v, newETag)
		return v, newETag, false, nil
	}
	w.failed(err)
	if unreachable(err) && !isBackground(ctx) {
		var c T
		if etag, ok := w.recall(path, &c); ok {
			if sentETag != "" && sentETag == etag {
				var zero T
				return zero, etag, true, nil
			}
			return c, etag, false, nil
		}
	}
	return v, newETag, nm, err
}

// unreachable reports whether err means the server could not be reached or
// could not answer, as opposed to an answer the member must see.
func unreachable(err error) bool {
	switch client.Code(err) {
	case client.CodeNetwork, client.CodeTimeout, client.CodeServer, string(api.CodeUnavailable):
		return true
	}
	return false
}

// remember caches v as path's answer, which confirms the server answers.
func (w *watch) remember(era int, path string, v any, etag string) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	w.mu.Lock()
	if era != w.era {
		w.mu.Unlock()
		return
	}
	now := w.now()
	if w.snap.Answers == nil {
		w.snap.Answers = map[string]client.Entry{}
	}
	w.snap.Answers[path] = client.Entry{Body: b, ETag: etag, At: now}
	w.snap.Confirmed = now
	flipped := w.offline
	w.offline = false
	w.save()
	w.mu.Unlock()
	if flipped {
		w.changed()
	}
}

// recall fills v with path's cached answer and returns its ETag.
func (w *watch) recall(path string, v any) (string, bool) {
	w.mu.Lock()
	e, ok := w.snap.Answers[path]
	w.mu.Unlock()
	if !ok || json.Unmarshal(e.Body, v) != nil {
		return "", false
	}
	return e.ETag, true
}

func (w *watch) has(path string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.snap.Answers[path]
	return ok
}

// reached records that the server answered. The time is written to the
// device at most every few minutes: a 304 a minute is no reason to write.
func (w *watch) reached() {
	w.mu.Lock()
	now := w.now()
	w.snap.Confirmed = now
	flipped := w.offline
	w.offline = false
	if now.Sub(w.saved) > 5*time.Minute {
		w.save()
	}
	w.mu.Unlock()
	if flipped {
		w.changed()
	}
}

// failed records a failed call: unreachable, or an ended session, after
// which nothing of the member's stays on the device.
func (w *watch) failed(err error) {
	switch {
	case client.IsSessionExpired(err):
		w.wipe()
	case unreachable(err):
		w.mu.Lock()
		flipped := !w.offline
		w.offline = true
		w.mu.Unlock()
		if flipped {
			w.changed()
		}
	}
}

// Offline reports whether the last call could not reach the server, and
// when the server last answered (zero when never).
func (w *watch) Offline() (bool, time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.offline, w.snap.Confirmed
}

// observe records the statuses of rs. A status that differs from the one
// last seen is told once, in a notification, and marks the request new in
// "Mes demandes"; quiet records it untold (the member's own act). A
// request seen for the first time is not told: there is nothing it
// changed from (a first launch, a new session).
func (w *watch) observe(era int, quiet bool, rs ...api.Reimbursement) {
	var told []api.Reimbursement
	w.mu.Lock()
	if era != w.era {
		w.mu.Unlock()
		return
	}
	dirty := false
	for _, r := range rs {
		prev, known := w.snap.Seen[r.ID]
		if known && prev == r.Status {
			continue
		}
		if w.snap.Seen == nil {
			w.snap.Seen = map[int64]api.Status{}
		}
		w.snap.Seen[r.ID] = r.Status
		dirty = true
		if known && !quiet && w.own[r.ID] != r.Status {
			if w.snap.New == nil {
				w.snap.New = map[int64]bool{}
			}
			w.snap.New[r.ID] = true
			told = append(told, r)
		}
	}
	if dirty {
		w.save()
	}
	w.mu.Unlock()
	for _, r := range told {
		w.tell(w.t("notify.status.title"), w.t("notify.status.body", r.Reference, w.t("status."+string(r.Status))))
	}
	if len(told) > 0 {
		w.told()
	}
}

// opened clears the request's "new" mark: the member is looking at it.
func (w *watch) opened(id int64) {
	w.mu.Lock()
	mark := w.snap.New[id]
	if mark {
		delete(w.snap.New, id)
		w.save()
	}
	w.mu.Unlock()
}

// IsNew reports whether request id changed since the member last opened it.
func (w *watch) IsNew(id int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.snap.New[id]
}

// remind sends, at most once a day for each, a reminder of the deposit
// deadline of the requests of items whose originals are still awaited
// and due within remindDays (today included).
func (w *watch) remind(items []api.Reimbursement) {
	today := api.DateOf(w.now().In(casablanca))
	var due []api.Reimbursement
	w.mu.Lock()
	for _, r := range items {
		if r.Status != api.StatusAwaitingDocuments || r.DepositDeadline.IsZero() {
			continue
		}
		if n := today.DaysUntil(r.DepositDeadline); n < 0 || n > remindDays || w.snap.Reminded[r.ID] == today.String() {
			continue
		}
		if w.snap.Reminded == nil {
			w.snap.Reminded = map[int64]string{}
		}
		w.snap.Reminded[r.ID] = today.String()
		due = append(due, r)
	}
	if len(due) > 0 {
		w.save()
	}
	w.mu.Unlock()
	for _, r := range due {
		w.tell(w.t("notify.deadline.title"), w.t("notify.deadline.body", r.Reference, w.date(r.DepositDeadline)))
	}
}

// remindDays is how close a deposit deadline must be to be reminded of.
const remindDays = 3

// casablanca is the foundation's time zone, which decides what "today" is.
var casablanca = func() *time.Location {
	if loc, err := time.LoadLocation("Africa/Casablanca"); err == nil {
		return loc
	}
	return time.FixedZone("+01", 3600)
}()
