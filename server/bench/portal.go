package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/fos-mobile/fos/api"
)

// The members' web portal (issue 16): its tracked-request page at
// PortalRate for three phases' length, and its throughput beside the API's
// JSON of the same request, both by the same Go clients.

// The portal's targets.
const (
	PortalRate      = 200.0
	TargetPortalP99 = 20 * time.Millisecond
)

// portalCookie is the portal's session cookie on plain http to loopback
// (web.Cookies): its value is the member's API token.
const portalCookie = "fos_portal"

// PortalResult is the portal's figures on one engine.
type PortalResult struct {
	Measured bool
	// Page is GET /demandes/{id} at PortalRate; PageLoop and JSONLoop the
	// page and GET /api/v1/reimbursements/{id} in closed loops.
	Page, PageLoop, JSONLoop Load
	PageBytes, JSONBytes     int
}

// measurePortal reads the first request of each listing member and
// measures the page and the JSON of those requests, with the members'
// API tokens as the portal's session cookie.
func measurePortal(ctx context.Context, cfg Config, c *client, tokens []string, logf func(string, ...any)) (PortalResult, error) {
	var res PortalResult
	type mine struct {
		token string
		id    int64
	}
	var reqs []mine
	for _, tok := range tokens {
		b, err := c.list(ctx, tok, true)
		if err != nil {
			return res, err
		}
		var l api.ReimbursementList
		if err := json.Unmarshal(b, &l); err != nil {
			return res, err
		}
		if len(l.Items) > 0 {
			reqs = append(reqs, mine{tok, l.Items[0].ID})
		}
	}
	if len(reqs) == 0 {
		logf("portal: not measured (no member with a request)")
		return res, nil
	}
	var next atomic.Uint64
	pick := func() mine { return reqs[next.Add(1)%uint64(len(reqs))] }
	page := func(ctx context.Context) error {
		m := pick()
		_, err := c.page(ctx, fmt.Sprintf("/demandes/%d", m.id), m.token, false)
		return err
	}
	jsonGet := func(ctx context.Context) error {
		m := pick()
		_, err := c.call(ctx, http.MethodGet, fmt.Sprintf("%s/reimbursements/%d", api.BasePath, m.id), m.token, "", nil, http.StatusOK, false)
		return err
	}
	b, err := c.page(ctx, fmt.Sprintf("/demandes/%d", reqs[0].id), reqs[0].token, true)
	if err != nil {
		return res, err
	}
	if !bytes.Contains(b, []byte(`id="status"`)) {
		return res, fmt.Errorf("portal: the request page shows no status:\n%.500s", b)
	}
	res.PageBytes = len(b)
	if b, err = c.call(ctx, http.MethodGet, fmt.Sprintf("%s/reimbursements/%d", api.BasePath, reqs[0].id), reqs[0].token, "", nil, http.StatusOK, true); err != nil {
		return res, err
	}
	res.JSONBytes = len(b)
	warm := min(2*time.Second, cfg.Duration/5)
	openLoop(ctx, PortalRate, warm, page)
	res.Page = openLoop(ctx, PortalRate, 3*cfg.Duration, page)
	logf("portal request page at %.0f req/s: p50 %s p99 %s, %d errors", PortalRate, res.Page.P50, res.Page.P99, res.Page.Errors)
	res.PageLoop = closedLoop(ctx, cfg.Workers, warm, cfg.Duration, page)
	res.JSONLoop = closedLoop(ctx, cfg.Workers, warm, cfg.Duration, jsonGet)
	logf("portal page %.0f req/s, API JSON %.0f req/s (%d clients)", res.PageLoop.RPS, res.JSONLoop.RPS, cfg.Workers)
	res.Measured = true
	return res, nil
}

// page gets a portal page with the session cookie; it fails unless 200.
func (c *client) page(ctx context.Context, path, token string, keep bool) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.AddCookie(&http.Cookie{Name: portalCookie, Value: token})
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d", path, resp.StatusCode)
	}
	if keep {
		return io.ReadAll(resp.Body)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return nil, err
}

// portalRows adds the portal's lines to the report's table.
func portalRows(r Report, row func(measure, target string, cell func(Result) string)) {
	if len(r.Results) == 0 || !r.Results[0].Portal.Measured {
		return
	}
	row(fmt.Sprintf("Portal tracked-request page p50 / p99 at %.0f req/s for %s (client-side, loopback)", PortalRate, 3*r.Config.Duration),
		"p99 < 20 ms", func(x Result) string {
			return markText(lat(x.Portal.Page), x.Portal.Page.P99 < TargetPortalP99, x.Portal.Page)
		})
	row(fmt.Sprintf("Portal page / API JSON of the same request, throughput (%d Go clients)", r.Config.Workers), "reported",
		func(x Result) string {
			p := x.Portal
			return fmt.Sprintf("%s / %s req/s = %.0f%% (%s / %s bytes)", num(p.PageLoop.RPS), num(p.JSONLoop.RPS),
				100*ratio(p.PageLoop, p.JSONLoop), num(float64(p.PageBytes)), num(float64(p.JSONBytes)))
		})
}
