package app

import (
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/screens"
	"github.com/fos-mobile/fos/server/store"
)

// TestMissingDocumentsToldOnce: an agent records at the counter that
// originals are missing while the member is on the service list; the
// request keeps its status, and one notification comes, on that screen,
// and Mes demandes marks the request new. Restarted, the app tells nothing
// again; an agent's note, which changes neither the status nor the missing
// documents, tells nothing; another list of missing documents is told once
// more.
func TestMissingDocumentsToldOnce(t *testing.T) {
	for _, locale := range []string{"fr_MA.UTF-8", "ar_MA.UTF-8"} {
		t.Run(locale, func(t *testing.T) {
			srv, d, f, r := withRequest(t, locale)

			told := func(f *flow) {
				t.Helper()
				n := f.waitNotified()
				if n.Title != f.tr.T("event.missing_documents") ||
					n.Content != f.tr.T("notify.missing_documents", r.Reference, f.tr.Date(r.DepositDeadline)) {
					t.Fatalf("notification %q / %q", n.Title, n.Content)
				}
			}
			f.agentAct(r.ID, store.Action{Kind: store.ActMissing, Missing: []int{1}})
			told(f)
			f.see("services.title") // told where the member was
			f.quiet(5*refreshEvery, "the same missing documents")
			f.stop()

			g := startOn(t, srv, srv.URL, d, locale)
			g.see("services.title")
			g.quiet(5*refreshEvery, "missing documents told before the restart")
			g.app.Go(screens.Requests(false))
			g.settle()
			g.see("requests.new", r.Reference)
			g.see(g.status(api.StatusAwaitingDocuments))

			g.app.Go(screens.Services())
			g.settle()
			// An agent's note: the request's version grows, nothing the
			// member is told of changes.
			g.agentAct(r.ID, store.Action{Kind: store.ActNote, Note: "Appel du 12 juillet"})
			g.quiet(5*refreshEvery, "an agent's note")

			g.agentAct(r.ID, store.Action{Kind: store.ActMissing, Missing: []int{0, 1}})
			told(g)
			g.quiet(5*refreshEvery, "the new list again")
		})
	}
}

// TestOlderSnapshotTellsNoBurst: a snapshot written by the app before it
// fingerprinted missing documents (statuses only) tells nothing of
// missing documents already recorded, which the member saw on the request
// screen; the next change of them is told, once.
func TestOlderSnapshotTellsNoBurst(t *testing.T) {
	dir := t.TempDir()
	if err := client.NewFileStore(dir).Set(t.Context(), "tok-older-snapshot"); err != nil {
		t.Fatal(err)
	}
	cache := client.NewCache(dir)
	if err := cache.Save(client.Snapshot{Seen: map[int64]api.Status{7: api.StatusAwaitingDocuments, 8: api.StatusDocumentsReceived}}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var told []string
	newWatch := func() *watch {
		w := &watch{cache: cache, now: time.Now,
			tell:    func(title, body string) { mu.Lock(); told = append(told, title+" / "+body); mu.Unlock() },
			t:       func(key string, args ...any) string { return key },
			date:    func(api.Date) string { return "" },
			changed: func() {}, told: func() {}}
		w.load()
		return w
	}
	expect := func(why string, n int) {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		if len(told) != n {
			t.Fatalf("%s: told %q, want %d", why, told, n)
		}
	}
	missing := func(docs ...string) *api.TextList { return &api.TextList{FR: docs, AR: docs} }
	req := func(id int64, s api.Status, m *api.TextList) api.Reimbursement {
		return api.Reimbursement{ID: id, Reference: "EST-2026-00000" + string(rune('0'+id)), Status: s, MissingDocuments: m}
	}

	w := newWatch()
	w.observe(w.current(), false, req(7, api.StatusAwaitingDocuments, missing("Facture")))
	expect("missing documents recorded before the upgrade", 0)
	if w.IsNew(7) {
		t.Fatal("marked new without a change")
	}

	w = newWatch() // restarted: the fingerprints were kept
	w.observe(w.current(), false, req(7, api.StatusAwaitingDocuments, missing("Facture")))
	expect("after the restart", 0)
	w.observe(w.current(), false, req(7, api.StatusAwaitingDocuments, missing("Facture", "Reçu")))
	expect("another list of missing documents", 1)
	if !w.IsNew(7) || told[0] != "event.missing_documents / notify.missing_documents" {
		t.Fatalf("told %q, new %v", told, w.IsNew(7))
	}
	w.observe(w.current(), false, req(7, api.StatusAwaitingDocuments, missing("Facture", "Reçu")))
	// Received: a change of status, told as one; the missing documents go.
	w.observe(w.current(), false, req(7, api.StatusDocumentsReceived, nil))
	expect("the documents received", 2)
	if told[1] != "notify.status.title / notify.status.body" {
		t.Fatalf("told %q", told)
	}
	// A status changed since the older snapshot is told, as a change of
	// status.
	w.observe(w.current(), false, req(8, api.StatusApproved, nil))
	expect("a status changed since the older snapshot", 3)
	if told[2] != "notify.status.title / notify.status.body" {
		t.Fatalf("told %q", told)
	}
}
