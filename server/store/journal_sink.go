package store

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/fos-mobile/fos/server/audit"
)

// JournalSink is an audit.Sink that records events in the journal table,
// for the console's Journal page. Use it beside audit.Log (audit.Multi) so
// that the same events also reach the server's log.
type JournalSink struct {
	Store *Store
	// Keep selects the events to record; AgentEvents when nil.
	Keep func(audit.Event) bool
	// Log receives the sink's own failures (never the event's fields
	// beyond its action); nothing is logged when nil.
	Log *slog.Logger
}

// AgentEvents keeps what the journal is for: every action of an agent or a
// supervisor, and every console event (logins, failures and lockouts
// included, even when the account is unknown). Members' own events stay in
// the log only, and so do attempts refused by a rate limit or a lock: anyone
// may send them, to an agent's e-mail too, and a refused attempt must cost
// no write (the lock itself is journaled once, as "locked").
func AgentEvents(e audit.Event) bool {
	if e.Outcome == audit.Limited {
		return false
	}
	switch e.Role {
	case "agent", "supervisor":
		return true
	}
	return strings.HasPrefix(e.Action, "console.") || strings.HasPrefix(e.Action, "agent.") ||
		strings.HasPrefix(e.Action, "supervisor.")
}

// journalTimeout bounds one write, so that a slow database delays the
// request that audited for a moment at most.
const journalTimeout = 5 * time.Second

// Record implements audit.Sink. The write survives the request's
// cancellation: an action that happened is journaled even when its client
// hung up.
func (j JournalSink) Record(ctx context.Context, e audit.Event) {
	keep := j.Keep
	if keep == nil {
		keep = AgentEvents
	}
	if j.Store == nil || !keep(e) {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), journalTimeout)
	defer cancel()
	if err := j.Store.AddJournal(ctx, e); err != nil && j.Log != nil {
		j.Log.Error("journal write failed", "action", e.Action, "err", err)
	}
}
