package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/smtptest"
	"github.com/fos-mobile/fos/server/store"
)

// The files' mails (issue 17): a payment batch of MailFiles files queues
// its mails in its own transaction; its time is measured beside the same
// batch without mails, and the outbox is then drained into the test SMTP
// sink for at most a phase's duration.

// The mail phase's size and target.
const (
	MailFiles = 10_000
	// TargetMailBatchRatio bounds the batch's time with mails against
	// without.
	TargetMailBatchRatio = 2.0
)

// MailResult is the mail phase's figures on one engine.
type MailResult struct {
	Measured bool
	Files    int
	// Plain and WithMails are PayBatch's time without and with the mails.
	Plain, WithMails time.Duration
	Queued           int // mails the second batch queued
	// Sent mails reached the sink in Drain.
	Sent  int
	Drain time.Duration
}

// Ratio is the batch's time with mails over without.
func (m MailResult) Ratio() float64 {
	if m.Plain <= 0 {
		return 0
	}
	return float64(m.WithMails) / float64(m.Plain)
}

// Rate is the outbox's drain rate, mails a second.
func (m MailResult) Rate() float64 {
	if m.Drain <= 0 {
		return 0
	}
	return float64(m.Sent) / m.Drain.Seconds()
}

// measureMail pays two batches of n approved files on url's database: the
// first through sd's store, which queues no mail, the second through a
// store that does (as the server's), then drains the outbox into a sink.
func measureMail(ctx context.Context, cfg Config, sd *seeder, url string, logf func(string, ...any)) (MailResult, error) {
	n := min(MailFiles, max(10, cfg.Requests/10))
	res := MailResult{Files: n}
	mailing, err := store.Open(ctx, url, store.Options{Notices: mail.Notices(mail.NoticeConfig{}), NoticeDelay: -1})
	if err != nil {
		return res, err
	}
	defer mailing.Close()
	// Seasons 1 and 2 beyond the console's: each batch has its own files.
	for i, s := range []*store.Store{sd.s, mailing} {
		if _, err := seedApprovedIn(ctx, sd, n, 1+i); err != nil {
			return res, err
		}
		b, err := s.CreatePaymentBatch(ctx, sd.plan.agentID)
		if err != nil {
			return res, fmt.Errorf("mail phase batch: %w", err)
		}
		t0 := time.Now()
		paid, err := s.PayBatch(ctx, b.ID, sd.plan.agentID)
		d := time.Since(t0)
		if err != nil {
			return res, fmt.Errorf("mail phase pay: %w", err)
		}
		if paid.Paid != n {
			return res, fmt.Errorf("mail phase: %d files paid, want %d", paid.Paid, n)
		}
		if i == 0 {
			res.Plain = d
		} else {
			res.WithMails = d
		}
	}
	st, err := mailing.OutboxStats(ctx)
	if err != nil {
		return res, err
	}
	res.Queued = st.Waiting
	logf("payment batch of %d files: %s without mails, %s queuing %d mails (×%.2f)", n, ms(res.Plain), ms(res.WithMails), res.Queued, res.Ratio())
	sink, err := smtptest.Listen()
	if err != nil {
		return res, err
	}
	defer sink.Close()
	send := mail.SMTP(mail.SMTPConfig{Addr: sink.Addr, Host: "127.0.0.1", StartTLS: "off", From: "no-reply@fos.finances.gov.ma"})
	t0 := time.Now()
	for time.Since(t0) < cfg.Duration {
		k, err := mailing.SendMail(ctx, 100, store.MailAttempts, send)
		if err != nil {
			return res, fmt.Errorf("drain: %w", err)
		}
		if k == 0 {
			break
		}
	}
	res.Drain, res.Sent = time.Since(t0), len(sink.Messages())
	logf("outbox drain into the SMTP sink: %d mails in %s (%.0f/s, one connection a mail)", res.Sent, ms(res.Drain), res.Rate())
	res.Measured = true
	return res, nil
}

// mailRows adds the mail phase's lines to the report's table.
func mailRows(r Report, row func(measure, target string, cell func(Result) string)) {
	if len(r.Results) == 0 || !r.Results[0].Mail.Measured {
		return
	}
	row(fmt.Sprintf("Payment batch of %s files: without / with their mails queued", num(float64(r.Results[0].Mail.Files))), "< 2×",
		func(x Result) string {
			m := x.Mail
			return markText(fmt.Sprintf("%s / %s (×%.2f)", ms(m.Plain), ms(m.WithMails), m.Ratio()), m.Ratio() < TargetMailBatchRatio)
		})
	row("Outbox drain into the test SMTP sink (one connection a mail)", "",
		func(x Result) string {
			return fmt.Sprintf("%s mails/s (%s mails)", num(x.Mail.Rate()), num(float64(x.Mail.Sent)))
		})
}
