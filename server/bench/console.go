package bench

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// The agents' console (issue 8): the queue page and a search by reference
// at ConsoleRate, and the payment export of ConsoleApproved approved files,
// measured on the real server's console listener after the API phases.

// The console's targets.
const (
	ConsoleRate      = 20.0 // requests a second of the queue and search phases
	ConsoleApproved  = 10_000
	TargetQueueP99   = 50 * time.Millisecond
	TargetSearchP99  = 20 * time.Millisecond
	TargetExportTime = 2 * time.Second
)

const benchSupervisor = "bench-supervisor@fos.finances.gov.ma"

// ConsoleResult is the console's figures on one engine.
type ConsoleResult struct {
	Measured bool
	// Queue is GET /dossiers (this season, by deadline, first page);
	// Search is GET /dossiers?q=<a reference> over every season.
	Queue, Search Load
	// Batch gathers the approved files into a payment batch; Export
	// downloads its CSV; Pay marks the batch paid in one action.
	Batch, Export, Pay time.Duration
	// Files is the approved files seeded; ExportRows the CSV's rows.
	Files       int
	ExportRows  int
	ExportBytes int
}

// measureConsole seeds ConsoleApproved approved files, logs a supervisor
// in through the console's form and measures its pages. consoleURL is the
// console listener's; with none (the router in process) nothing is
// measured.
func measureConsole(ctx context.Context, cfg Config, sd *seeder, consoleURL string, logf func(string, ...any)) (ConsoleResult, error) {
	var res ConsoleResult
	if consoleURL == "" {
		logf("console: not measured (no console listener in process)")
		return res, nil
	}
	// The 10,000 at full size; a tenth of the requests in a small run.
	refs, err := seedApproved(ctx, sd, min(ConsoleApproved, max(10, cfg.Requests/10)))
	if err != nil {
		return res, err
	}
	res.Files = len(refs)
	cc, err := newConsoleClient(ctx, sd, consoleURL)
	if err != nil {
		return res, err
	}
	defer cc.hc.CloseIdleConnections()
	d := 3 * cfg.Duration // at 20 req/s, enough samples for a p99
	queue := func(ctx context.Context) error { _, err := cc.get(ctx, "/dossiers", false); return err }
	var next atomic.Uint64
	search := func(ctx context.Context) error {
		ref := refs[next.Add(7919)%uint64(len(refs))]
		body, err := cc.get(ctx, "/dossiers?season=0&q="+url.QueryEscape(ref), true)
		if err == nil && !bytes.Contains(body, []byte(ref)) {
			err = fmt.Errorf("search for %s: not in the page", ref)
		}
		return err
	}
	openLoop(ctx, ConsoleRate, min(2*time.Second, d/5), queue)
	res.Queue = openLoop(ctx, ConsoleRate, d, queue)
	logf("console queue at %.0f req/s: p50 %s p99 %s, %d errors %s", ConsoleRate, res.Queue.P50, res.Queue.P99, res.Queue.Errors, res.Queue.FirstError)
	res.Search = openLoop(ctx, ConsoleRate, d, search)
	logf("console search by reference at %.0f req/s: p50 %s p99 %s, %d errors %s", ConsoleRate, res.Search.P50, res.Search.P99, res.Search.Errors, res.Search.FirstError)
	if err := cc.payments(ctx, &res); err != nil {
		return res, err
	}
	logf("console payments: batch of %d files in %s, CSV (%d bytes) in %s, paid in %s",
		res.ExportRows, res.Batch.Round(time.Millisecond), res.ExportBytes, res.Export.Round(time.Millisecond), res.Pay.Round(time.Millisecond))
	res.Measured = true
	return res, nil
}

// seedApproved inserts n approved files of old seasons, spread over the
// members who do not list (one file per member and season), each with its
// timeline, and returns their references.
func seedApproved(ctx context.Context, sd *seeder, n int) ([]string, error) {
	return seedApprovedIn(ctx, sd, n, 0)
}

// seedApprovedIn is seedApproved shift seasons further back, so that the
// mail phase's batches (mail.go) find seasons of their own.
func seedApprovedIn(ctx context.Context, sd *seeder, n, shift int) ([]string, error) {
	var first int64
	if err := sd.s.DB().QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM reimbursements`).Scan(&first); err != nil {
		return nil, err
	}
	p := sd.plan
	others := max(1, p.members-p.listMembers)
	refs := make([]string, n)
	var events [][]any
	err := inTx(ctx, sd.s.DB(), func(tx *sql.Tx) error {
		err := insertRows(ctx, tx, sd.s.Engine(), "reimbursements", requestCols, n, func(i int) []any {
			id := first + int64(i) + 1
			season := p.season - 30 - shift - i/others // no other request lives there
			refs[i] = store.Reference(season, id)
			created := time.Date(season, time.July, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
			approved := created.Add(10 * 24 * time.Hour)
			events = append(events,
				[]any{id, string(api.StatusAwaitingDocuments), created.UnixMilli(), "", string(api.ActorMember), nil},
				[]any{id, string(api.StatusDocumentsReceived), created.Add(5 * 24 * time.Hour).UnixMilli(), "", string(api.ActorAgent), p.agentID},
				[]any{id, string(api.StatusApproved), approved.UnixMilli(), "", string(api.ActorAgent), p.agentID})
			return []any{id, refs[i], p.listMembers + 1 + i%others, string(api.KindSummer), season, string(api.StatusApproved),
				created.UnixMilli(), approved.UnixMilli(), api.DateOf(created).AddDays(15).String(), p.docsFR, p.docsAR,
				p.locFR, p.locAR, int64(120000 + 37*(i%10000)), nil}
		})
		if err != nil {
			return err
		}
		return insertRows(ctx, tx, sd.s.Engine(), "events", eventCols, len(events), func(i int) []any { return events[i] })
	})
	if err != nil {
		return nil, fmt.Errorf("seed approved files: %w", err)
	}
	return refs, sd.after(ctx, "reimbursements")
}

// consoleClient is a supervisor logged in to the console, cookies and all.
type consoleClient struct {
	base string
	hc   *http.Client
	csrf string
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func newConsoleClient(ctx context.Context, sd *seeder, base string) (*consoleClient, error) {
	if _, err := sd.s.CreateAgent(ctx, benchSupervisor, "Superviseur Bench", store.RoleSupervisor, sd.hash); err != nil {
		return nil, fmt.Errorf("supervisor: %w", err)
	}
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64, DisableCompression: true}
	cc := &consoleClient{base: base, hc: &http.Client{Transport: tr, Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	page, err := cc.get(ctx, "/login", true)
	if err != nil {
		return nil, err
	}
	if _, err := cc.post(ctx, "/login", token(page), url.Values{"email": {benchSupervisor}, "password": {Password}, "next": {"/"}}); err != nil {
		return nil, fmt.Errorf("console login: %w", err)
	}
	if page, err = cc.get(ctx, "/paiements", true); err != nil {
		return nil, err
	}
	if cc.csrf = token(page); cc.csrf == "" {
		return nil, errors.New("console: no CSRF token on /paiements")
	}
	return cc, nil
}

func token(page []byte) string {
	if m := csrfInput.FindSubmatch(page); m != nil {
		return string(m[1])
	}
	return ""
}

// get fetches path and fails unless it answers 200.
func (cc *consoleClient) get(ctx context.Context, path string, keep bool) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cc.base+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := cc.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d", path, resp.StatusCode)
	}
	if !keep {
		_, err = io.Copy(io.Discard, resp.Body)
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// post sends a form with csrf and returns where the console redirected.
func (cc *consoleClient) post(ctx context.Context, path, csrf string, form url.Values) (string, error) {
	form.Set("csrf", csrf)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cc.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := cc.hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("POST %s: %d, want 303", path, resp.StatusCode)
	}
	return resp.Header.Get("Location"), nil
}

var batchPath = regexp.MustCompile(`^/paiements/lots/(\d+)`)

// payments gathers the approved files into a batch, downloads its CSV and
// marks it paid, timing each step.
func (cc *consoleClient) payments(ctx context.Context, res *ConsoleResult) error {
	t0 := time.Now()
	loc, err := cc.post(ctx, "/paiements/lots", cc.csrf, url.Values{})
	res.Batch = time.Since(t0)
	if err != nil {
		return err
	}
	m := batchPath.FindStringSubmatch(loc)
	if m == nil {
		return fmt.Errorf("payment batch: redirected to %q", loc)
	}
	t0 = time.Now()
	body, err := cc.get(ctx, "/paiements/lots/"+m[1]+"/csv", true)
	res.Export = time.Since(t0)
	if err != nil {
		return err
	}
	res.ExportBytes, res.ExportRows = len(body), bytes.Count(body, []byte("\r\n"))-1
	if res.ExportRows != res.Files {
		return fmt.Errorf("payment CSV has %d rows, want the %d approved files", res.ExportRows, res.Files)
	}
	t0 = time.Now()
	_, err = cc.post(ctx, "/paiements/lots/"+m[1]+"/payer", cc.csrf, url.Values{})
	res.Pay = time.Since(t0)
	return err
}

// consoleRows adds the console's lines to the report's table.
func consoleRows(r Report, row func(measure, target string, cell func(Result) string)) {
	if len(r.Results) == 0 || !r.Results[0].Console.Measured {
		return
	}
	row(fmt.Sprintf("Console queue page p50 / p99 at %.0f req/s (client-side, loopback)", ConsoleRate), "p99 < 50 ms",
		func(x Result) string {
			return markText(lat(x.Console.Queue), x.Console.Queue.P99 < TargetQueueP99, x.Console.Queue)
		})
	row(fmt.Sprintf("Console search by reference p50 / p99 at %.0f req/s", ConsoleRate), "p99 < 20 ms",
		func(x Result) string {
			return markText(lat(x.Console.Search), x.Console.Search.P99 < TargetSearchP99, x.Console.Search)
		})
	row(fmt.Sprintf("Payment export of %s approved files: batch + CSV download (and then mark paid)", num(float64(r.Results[0].Console.Files))), "< 2 s",
		func(x Result) string {
			c := x.Console
			return markText(fmt.Sprintf("%s + %s (%s rows; paid in %s)", ms(c.Batch), ms(c.Export), num(float64(c.ExportRows)), ms(c.Pay)),
				c.Batch+c.Export < TargetExportTime)
		})
}
