package bench

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/store"
)

// The pre-check photos (issue 18): a phone photo of about 400 KB uploaded
// and sanitised on the server, and the member's request read while
// uploads run.

// Targets of issue 18.
const (
	TargetUploads   = 20.0                  // uploads a second on 2 cores
	TargetGetUnderP = 20 * time.Millisecond // request GET p99 under the upload load
	uploadWorkers   = 4
	getRate         = 100.0 // request GETs a second in the latency phases
)

// PagesResult is the photos' figures.
type PagesResult struct {
	PhotoBytes int
	// Uploads is the closed-loop upload phase, with the server's CPU per
	// upload when the server is a process of its own.
	Uploads Load
	// GetAlone and GetUnderUploads are GET /reimbursements/{id} at getRate,
	// without and with TargetUploads uploads a second beside it.
	GetAlone, GetUnderUploads Load
}

// measurePages uploads the photo to requests awaiting their originals,
// each from its own member (twenty pages a request at most), on
// uploadWorkers clients as fast as they go, and reads other members'
// requests at getRate alone and beside TargetUploads uploads a second
// (the target load: beside a saturating closed loop, every request
// would wait for the cores).
func measurePages(ctx context.Context, cfg Config, s *store.Store, srv *target, logf func(string, ...any)) (PagesResult, error) {
	var res PagesResult
	photo := attachmenttest.Photo(2000, 1500)
	res.PhotoBytes = len(photo)
	// Room for 80 uploads a second over both phases, and as many readers.
	need := int(2*cfg.Duration.Seconds()*80)/api.MaxPagesPerRequest + 1
	rows, err := s.DB().QueryContext(ctx, `SELECT id, member_id FROM reimbursements WHERE status = 'awaiting_documents'
		ORDER BY id DESC LIMIT $1`, 2*need)
	if err != nil {
		return res, err
	}
	var ids []int64
	var members []int
	for rows.Next() {
		var id int64
		var m int
		if err := rows.Scan(&id, &m); err != nil {
			rows.Close()
			return res, err
		}
		ids, members = append(ids, id), append(members, m)
	}
	rows.Close()
	if len(ids) < 2 {
		return res, fmt.Errorf("pages: %d requests awaiting documents, want 2 or more", len(ids))
	}
	tokens, err := mintSessions(ctx, s, members)
	if err != nil {
		return res, err
	}
	half := len(ids) / 2
	c := newClient(srv.url, 64)
	defer c.close()
	run := time.Now().UnixNano()
	var next atomic.Int64
	upload := func(ctx context.Context) error {
		i := int(next.Add(1) - 1)
		r := i / api.MaxPagesPerRequest
		if r >= half {
			return errDone
		}
		path := fmt.Sprintf("%s/reimbursements/%d/pages?document=0&name=photo.jpg", api.BasePath, ids[r])
		_, err := c.callRaw(ctx, path, tokens[r], fmt.Sprintf("bench-page-%d-%d", run, i), photo, http.StatusCreated)
		return err
	}
	var reader atomic.Uint64
	get := func(ctx context.Context) error {
		k := half + int(reader.Add(1)%uint64(len(ids)-half))
		_, err := c.call(ctx, http.MethodGet, fmt.Sprintf("%s/reimbursements/%d", api.BasePath, ids[k]), tokens[k], "", nil, http.StatusOK, false)
		return err
	}
	openLoop(ctx, getRate, min(2*time.Second, cfg.Duration/5), get)
	res.GetAlone = openLoop(ctx, getRate, cfg.Duration, get)
	logf("request GET at %.0f/s alone: p50 %s p99 %s", getRate, res.GetAlone.P50, res.GetAlone.P99)
	if res.Uploads, err = serverCPU(srv, func() (Load, error) {
		return closedLoop(ctx, uploadWorkers, 0, cfg.Duration, upload), nil
	}); err != nil {
		return res, err
	}
	logf("uploads of a %d-byte photo, %d clients: %.1f/s, p99 %s, server CPU %s each", len(photo), uploadWorkers,
		res.Uploads.RPS, res.Uploads.P99, res.Uploads.CPUPerOp)
	var wg sync.WaitGroup
	loadCtx, stop := context.WithCancel(ctx)
	wg.Add(1)
	go func() { defer wg.Done(); openLoop(loadCtx, TargetUploads, cfg.Duration+time.Second, upload) }()
	time.Sleep(200 * time.Millisecond) // the uploads are under way
	res.GetUnderUploads = openLoop(ctx, getRate, cfg.Duration, get)
	stop()
	wg.Wait()
	logf("request GET at %.0f/s beside %.0f uploads/s: p50 %s p99 %s", getRate, TargetUploads, res.GetUnderUploads.P50, res.GetUnderUploads.P99)
	return res, nil
}

// pagesRows adds the photos' lines to the report.
func pagesRows(r Report, row func(measure, target string, cell func(Result) string)) {
	row(fmt.Sprintf("Page uploads: a %s-byte phone photo (2000×1500), sanitised, %d clients", num(float64(r.Results[0].Pages.PhotoBytes)), uploadWorkers),
		"≥ 20/s", func(x Result) string {
			return markText(rps(x.Pages.Uploads), x.Pages.Uploads.RPS >= TargetUploads, x.Pages.Uploads)
		})
	row("fos-server CPU per upload", "", func(x Result) string { return cpuPerOp(x.Pages.Uploads) })
	row(fmt.Sprintf("Member's request GET p50 / p99 at %.0f/s: alone", getRate), "", func(x Result) string { return lat(x.Pages.GetAlone) })
	row(fmt.Sprintf("Member's request GET p50 / p99 at %.0f/s: beside %.0f uploads/s", getRate, TargetUploads), "p99 < 20 ms", func(x Result) string {
		g := x.Pages.GetUnderUploads
		return markText(lat(g), g.P99 < TargetGetUnderP, g)
	})
}
