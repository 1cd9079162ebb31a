package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
)

// The watch's bookkeeping: cached answers, the offline state, the statuses
// (and missing documents) told and the deadline reminders (see watch).

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
	if client.Unreachable(err) && !isBackground(ctx) {
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

// etag returns the ETag of path's cached answer, and whether one is cached.
func (w *watch) etag(path string) (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e, ok := w.snap.Answers[path]
	return e.ETag, ok
}

// reached records that the server answered. The time alone is written to
// the device at most every few minutes (a 304 a minute is no reason to
// write), with the read's unsaved changes at once.
func (w *watch) reached() {
	w.mu.Lock()
	now := w.now()
	w.snap.Confirmed = now
	flipped := w.offline
	w.offline = false
	if w.unsaved || now.Sub(w.saved) > 5*time.Minute {
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
	case client.Unreachable(err):
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

// observe records the statuses of rs, and the missing documents an agent
// recorded at the counter. A status that differs from the one last seen,
// or missing documents newly recorded (or changed) while the request
// stays awaited, are told once, in a notification, and mark the request
// new in "Mes demandes"; quiet records them untold (the member's own
// act). A request seen for the first time is not told: there is nothing
// it changed from (a first launch, a new session); nor are missing
// documents never fingerprinted before (a snapshot of an older app).
func (w *watch) observe(era int, quiet bool, rs ...api.Reimbursement) {
	told := w.record(era, quiet, rs)
	w.mu.Lock()
	if w.unsaved {
		w.save()
	}
	w.mu.Unlock()
	w.announce(told)
}

// news is a change to tell: a status, or missing documents.
type news struct {
	r       api.Reimbursement
	missing bool
}

// record is observe without the saving and the telling: a read records
// what it saw, its cachedRead saves it (remember), once, and then it
// announces the news.
func (w *watch) record(era int, quiet bool, rs []api.Reimbursement) []news {
	var told []news
	w.mu.Lock()
	defer w.mu.Unlock()
	if era != w.era {
		return nil
	}
	for _, r := range rs {
		fp := missingPrint(r)
		prev, known := w.snap.Seen[r.ID]
		prevPrint, printed := w.snap.Missing[r.ID]
		if known && prev == r.Status && printed && prevPrint == fp {
			continue
		}
		if w.snap.Seen == nil {
			w.snap.Seen = map[int64]api.Status{}
		}
		if w.snap.Missing == nil {
			w.snap.Missing = map[int64]string{}
		}
		w.snap.Seen[r.ID], w.snap.Missing[r.ID] = r.Status, fp
		w.unsaved = true
		missing := known && printed && fp != "" && fp != prevPrint
		if (missing || known && prev != r.Status) && !quiet && w.own[r.ID] != r.Status {
			if w.snap.New == nil {
				w.snap.New = map[int64]bool{}
			}
			w.snap.New[r.ID] = true
			told = append(told, news{r, missing})
		}
	}
	return told
}

// announce tells the member of each of told, once it is saved.
func (w *watch) announce(told []news) {
	for _, n := range told {
		if n.missing {
			w.tell(w.t("event."+string(api.EventMissingDocuments)), w.t("notify.missing_documents", n.r.Reference, w.date(n.r.DepositDeadline)))
			continue
		}
		w.tell(w.t("notify.status.title"), w.t("notify.status.body", n.r.Reference, w.t("status."+string(n.r.Status))))
	}
	if len(told) > 0 {
		w.told()
	}
}

// missingPrint fingerprints the missing documents recorded on r while its
// originals are awaited; "" when none are.
func missingPrint(r api.Reimbursement) string {
	if r.Status != api.StatusAwaitingDocuments || r.MissingDocuments == nil ||
		len(r.MissingDocuments.FR)+len(r.MissingDocuments.AR) == 0 {
		return ""
	}
	b, _ := json.Marshal(r.MissingDocuments)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// opened clears the request's "new" mark: the member is looking at it.
// Called by a read that succeeded, whose cachedRead saves the change.
func (w *watch) opened(id int64) {
	w.mu.Lock()
	if w.snap.New[id] {
		delete(w.snap.New, id)
		w.unsaved = true
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
	today := api.DateOf(w.now().In(api.Casablanca))
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
