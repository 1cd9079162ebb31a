package httpapi

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fos-mobile/fos/server/store"
)

// outboxCollector reads the outbox at each scrape: what waits and since
// when, and what was given up, are the database's (every replica reports
// the same); the sent and failed counters are this process's.
type outboxCollector struct {
	store                        *store.Store
	waiting, oldest, givenUp     *prometheus.Desc
	sent, failures, scrapeFailed *prometheus.Desc
}

func newOutboxCollector(s *store.Store) *outboxCollector {
	return &outboxCollector{
		store:        s,
		waiting:      prometheus.NewDesc("fos_mail_queued", "Mails in the outbox not sent yet and still to be tried (all replicas).", nil, nil),
		oldest:       prometheus.NewDesc("fos_mail_oldest_queued_age_seconds", "Age of the oldest of them; 0 when none (a step's mail waits the grouping delay first).", nil, nil),
		givenUp:      prometheus.NewDesc("fos_mail_failed", "Mails given up after their last try and kept for a week (all replicas); each is in the console's Journal.", nil, nil),
		sent:         prometheus.NewDesc("fos_mail_sent_total", "Mails this process handed to the mail server.", nil, nil),
		failures:     prometheus.NewDesc("fos_mail_send_failures_total", "Tries to send that failed in this process (retried with backoff).", nil, nil),
		scrapeFailed: prometheus.NewDesc("fos_mail_outbox_read_error", "1 when the outbox could not be read for this scrape.", nil, nil),
	}
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.waiting, c.oldest, c.givenUp, c.sent, c.failures, c.scrapeFailed} {
		ch <- d
	}
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := c.store.OutboxStats(ctx)
	failed := 0.0
	if err != nil {
		failed = 1
	}
	ch <- prometheus.MustNewConstMetric(c.scrapeFailed, prometheus.GaugeValue, failed)
	ch <- prometheus.MustNewConstMetric(c.sent, prometheus.CounterValue, float64(st.Sent))
	ch <- prometheus.MustNewConstMetric(c.failures, prometheus.CounterValue, float64(st.Failures))
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(c.waiting, prometheus.GaugeValue, float64(st.Waiting))
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, st.Oldest.Seconds())
	ch <- prometheus.MustNewConstMetric(c.givenUp, prometheus.GaugeValue, float64(st.Failed))
}
