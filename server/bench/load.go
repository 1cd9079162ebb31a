package bench

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Load is what one measured phase produced.
type Load struct {
	OK, Errors int
	Elapsed    time.Duration
	// RPS counts successful requests per second of the phase.
	RPS           float64
	P50, P99, Max time.Duration
	// CPUPerOp is the server process's CPU time (user + system) per
	// successful request, when the server is a process of its own; zero
	// otherwise. PostgreSQL's own CPU is not in it.
	CPUPerOp time.Duration
	// GenCPUPerOp is the load generator's CPU time per request (wrk's
	// phases only), to show how much of the 2 cores the server had.
	GenCPUPerOp time.Duration
	// FirstError describes the first failure, for the report.
	FirstError string
}

// errDone tells a loop that its work source is exhausted: the worker stops
// and the call is not counted.
var errDone = errors.New("no more work")

// op is one request. It returns nil on the expected answer.
type op func(ctx context.Context) error

// summarize turns latencies of successful calls into a Load.
func summarize(lat []time.Duration, errs int, firstErr string, elapsed time.Duration) Load {
	slices.Sort(lat)
	l := Load{OK: len(lat), Errors: errs, Elapsed: elapsed, FirstError: firstErr}
	if elapsed > 0 {
		l.RPS = float64(len(lat)) / elapsed.Seconds()
	}
	if len(lat) > 0 {
		l.P50 = percentile(lat, 0.50)
		l.P99 = percentile(lat, 0.99)
		l.Max = lat[len(lat)-1]
	}
	return l
}

// percentile of sorted values, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// firstError keeps the first failure's message.
type firstError struct {
	once sync.Once
	msg  string
}

func (f *firstError) set(err error) { f.once.Do(func() { f.msg = err.Error() }) }

// closedLoop runs workers that each send the next request as soon as the
// previous one is answered, for d (after an unmeasured warm-up), or until
// do returns errDone. It measures throughput.
func closedLoop(ctx context.Context, workers int, warmup, d time.Duration, do op) Load {
	if warmup > 0 {
		closedLoop(ctx, workers, 0, warmup, do)
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	lats := make([][]time.Duration, workers)
	var errs atomic.Int64
	var fe firstError
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				t := time.Now()
				err := do(ctx)
				switch {
				case errors.Is(err, errDone):
					return
				case ctx.Err() != nil:
					return // cut by the end of the phase: not a failure
				case err != nil:
					errs.Add(1)
					fe.set(err)
				default:
					lats[w] = append(lats[w], time.Since(t))
				}
			}
		}()
	}
	wg.Wait()
	return summarize(slices.Concat(lats...), int(errs.Load()), fe.msg, time.Since(start))
}

// openLoop sends rate requests a second for d on a fixed schedule, whatever
// the answers' pace, and measures each latency from the moment the request
// was due, so a stalled server cannot hide its queue (no coordinated
// omission). At most maxInFlight requests are outstanding; past that, the
// wait counts as latency.
func openLoop(ctx context.Context, rate float64, d time.Duration, do op) Load {
	const maxInFlight = 2000
	n := int(rate * d.Seconds())
	interval := time.Duration(float64(time.Second) / rate)
	lat := make([]time.Duration, n)
	ok := make([]bool, n)
	var errs atomic.Int64
	var fe firstError
	sem := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		due := start.Add(time.Duration(i) * interval)
		if w := time.Until(due); w > 0 {
			time.Sleep(w)
		}
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := do(ctx); err != nil {
				errs.Add(1)
				fe.set(err)
				return
			}
			lat[i], ok[i] = time.Since(due), true
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var got []time.Duration
	for i, v := range lat {
		if ok[i] {
			got = append(got, v)
		}
	}
	return summarize(got, int(errs.Load()), fe.msg, elapsed)
}
