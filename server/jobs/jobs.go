// Package jobs runs the server's background work: sending the mail outbox,
// expiring requests whose originals were not deposited in time, reminding
// members of a deposit deadline near, cleaning up, and purging the personal
// data whose retention has ended. Every job is safe to run in any number of replicas at once;
// the store makes each unit of work happen once.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/store"
)

// Runner ticks the jobs.
type Runner struct {
	Store *store.Store
	Send  mail.Sender // nil: mails wait in the outbox
	Log   *slog.Logger
	// MailEvery is the outbox period; codes should arrive quickly.
	MailEvery time.Duration
	// ExpireEvery is the period of expiry, clean-up and purge.
	ExpireEvery time.Duration
	// AttachmentRetention is how long the pages of a request that ended
	// (paid, rejected, cancelled, expired) are kept; zero takes
	// DefaultAttachmentRetention.
	AttachmentRetention time.Duration
	// Retention is how long closed files and members who left are kept
	// (store.Purge); zero or less purges nothing.
	Retention time.Duration
}

// DefaultAttachmentRetention keeps an ended request's pages 90 days, for a
// member who contests the outcome.
const DefaultAttachmentRetention = 90 * 24 * time.Hour

// Run works until ctx ends.
func (r *Runner) Run(ctx context.Context) {
	mailT := time.NewTicker(r.MailEvery)
	expireT := time.NewTicker(r.ExpireEvery)
	defer mailT.Stop()
	defer expireT.Stop()
	r.expire(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-mailT.C:
			r.mail(ctx)
		case <-expireT.C:
			r.expire(ctx)
		}
	}
}

func (r *Runner) mail(ctx context.Context) {
	if r.Send == nil {
		return
	}
	n, err := r.Store.SendMail(ctx, 100, store.MailAttempts, r.Send)
	if err != nil && ctx.Err() == nil {
		r.Log.Warn("outbox: sending failed; will retry", "sent", n, "err", err)
	} else if n > 0 {
		r.Log.Info("outbox: mails sent", "count", n)
	}
}

func (r *Runner) expire(ctx context.Context) {
	n, err := r.Store.ExpireOverdue(ctx, 500)
	if err != nil && ctx.Err() == nil {
		r.Log.Error("expiry job failed", "err", err)
	} else if n > 0 {
		r.Log.Info("requests expired: originals not deposited by the deadline", "count", n)
	}
	keep := r.AttachmentRetention
	if keep == 0 {
		keep = DefaultAttachmentRetention
	}
	if n, err := r.Store.PurgePages(ctx, keep, 500); err != nil && ctx.Err() == nil {
		r.Log.Error("pages retention failed", "err", err)
	} else if n > 0 {
		r.Log.Info("pages of ended requests deleted after the retention", "count", n)
	}
	if n, err := r.Store.RemindDeadlines(ctx, 500); err != nil && ctx.Err() == nil {
		r.Log.Error("deadline reminders failed", "err", err)
	} else if n > 0 {
		r.Log.Info("deposit deadline reminders queued", "count", n)
	}
	if err := r.Store.Cleanup(ctx, 7*24*time.Hour); err != nil && ctx.Err() == nil {
		r.Log.Error("clean-up failed", "err", err)
	}
	r.purge(ctx)
}

// purge removes what has outlived its retention (law 09-08), in batches of
// 100 so that no transaction holds the database long.
func (r *Runner) purge(ctx context.Context) {
	if err := r.Store.ForgetLogins(ctx); err != nil && ctx.Err() == nil {
		r.Log.Error("login history clean-up failed", "err", err)
	}
	if r.Retention <= 0 {
		return
	}
	p, err := r.Store.Purge(ctx, r.Store.Now().Add(-r.Retention), 100)
	if err != nil && ctx.Err() == nil {
		r.Log.Error("purge failed; will retry", "purged", p.String(), "err", err)
	} else if p != (store.Purged{}) {
		r.Log.Info("personal data purged after its retention", "purged", p.String())
	}
}
