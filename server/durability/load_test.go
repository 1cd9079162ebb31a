package durability

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// job is one submission a client wants made: one member, one kind, under
// one idempotency key that the client keeps until it has an answer.
type job struct {
	member member
	kind   api.Kind
	key    string
}

// send is one HTTP attempt of a job.
type send struct {
	job *job
	// replayAfter201 sends the key again once a 201 came back, as a client
	// that did not notice its first answer would.
	replayAfter201 bool
}

// jobsFor makes a job per member and kind, each under a fresh random key.
func jobsFor(members []member) []*job {
	var out []*job
	for _, m := range members {
		for _, k := range api.Kinds {
			b := make([]byte, 16)
			rand.Read(b)
			out = append(out, &job{member: m, kind: k, key: hex.EncodeToString(b)})
		}
	}
	return out
}

// plan orders the sends of jobs at random (seeded, logged): every job once,
// every third job also twice at once (a double tap racing itself), and
// every fourth replayed after its 201.
func plan(t *testing.T, jobs []*job) []send {
	seed := uint64(time.Now().UnixNano())
	t.Logf("send order seed %d", seed)
	rng := mrand.New(mrand.NewPCG(seed, seed>>1))
	var out []send
	for _, i := range rng.Perm(len(jobs)) {
		out = append(out, send{job: jobs[i], replayAfter201: i%4 == 0})
		if i%3 == 0 {
			out = append(out, send{job: jobs[i]})
		}
	}
	return out
}

// loadResult is what happened around one kill -9.
type loadResult struct {
	attempts []attempt
	// inFlight is how many requests were on the wire when the kill came.
	inFlight int64
	elapsed  time.Duration
}

// loadAndKill sends the plan on workers concurrent clients, and kills the
// server with SIGKILL once killAt of the sends have been answered (or after
// a minute): in the middle of the load, with requests in flight. Sends not
// started by then are dropped; their jobs simply have no answer yet.
func loadAndKill(t *testing.T, hc *http.Client, srv *server, sends []send, workers int, killAt float64) loadResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var answered, inFlight atomic.Int64
	var killedAt atomic.Int64
	killed := make(chan struct{})
	var mu sync.Mutex
	var res loadResult
	record := func(a attempt) {
		mu.Lock()
		res.attempts = append(res.attempts, a)
		mu.Unlock()
		if a.reply.err == nil {
			answered.Add(1)
		}
	}
	do := func(j *job, phase string) reply {
		inFlight.Add(1)
		r := createReimbursement(ctx, hc, srv.url, j.member.token, j.key, j.member.body(j.kind))
		inFlight.Add(-1)
		record(attempt{member: j.member.id, kind: j.kind, key: j.key, server: srv.name, phase: phase, reply: r})
		return r
	}
	go func() {
		threshold := int64(killAt * float64(len(sends)))
		deadline := time.Now().Add(time.Minute)
		for answered.Load() < threshold && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		killedAt.Store(inFlight.Load())
		srv.kill()
		close(killed)
	}()
	begin := time.Now()
	parallel(len(sends), workers, func(i int) {
		select {
		case <-killed:
			return
		default:
		}
		s := sends[i]
		if r := do(s.job, "load"); r.status == http.StatusCreated && s.replayAfter201 {
			do(s.job, "replay")
		}
	})
	select {
	case <-killed:
	case <-ctx.Done():
		t.Fatal("the server was not killed in time")
	}
	res.elapsed, res.inFlight = time.Since(begin), killedAt.Load()
	return res
}

// answeredKeys is the set of keys that got an answer (any status).
func answeredKeys(attempts []attempt) map[memberKey]bool {
	out := map[memberKey]bool{}
	for _, a := range attempts {
		if a.reply.err == nil {
			out[memberKey{a.member, a.key}] = true
		}
	}
	return out
}

// tally counts attempts by outcome, for the log.
func tally(attempts []attempt) string {
	n := map[string]int{}
	for _, a := range attempts {
		switch r := a.reply; {
		case r.err != nil:
			n["no answer"]++
		case r.status == http.StatusCreated:
			n["201"]++
		default:
			n[fmt.Sprintf("%d %s", r.status, r.apiErr.Code)]++
		}
	}
	return fmt.Sprint(n)
}
