package console

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/fos-mobile/fos/server/web"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// queuePage is the number of files per page of the queue.
const queuePage = 50

// queueData is the queue page's.
type queueData struct {
	Filter   store.QueueFilter
	Rows     []store.QueueRow
	Total    int
	Statuses []api.Status
	Kinds    []api.Kind
	Seasons  []int
}

func (c *Console) queue(w http.ResponseWriter, r *http.Request, s *Session) {
	q := r.URL.Query()
	f := store.QueueFilter{Query: q.Get("q"), Limit: queuePage}
	// Without a valid season in the query (every link of the page has
	// one), the current season's files are shown.
	if n, err := strconv.Atoi(q.Get("season")); err == nil && n >= 0 && n < 3000 {
		f.Season = n // 0: every season
	} else if f.Season, _, err = c.currentSeason(r); err != nil {
		c.internal(w, r, s, err)
		return
	}
	if st := api.Status(q.Get("status")); st.Valid() {
		f.Status = st
	}
	if k := api.Kind(q.Get("kind")); k.Valid() {
		f.Kind = k
	}
	f.Photos = q.Get("photos") == "1"
	if f.Photos && q.Get("status") == "" {
		f.Status = api.StatusAwaitingDocuments // only these can be pre-checked
	}
	page := web.PageParam(r)
	f.Offset = (page - 1) * queuePage
	rows, total, err := c.Store.Queue(r.Context(), f)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	d := queueData{Filter: f, Rows: rows, Total: total, Statuses: api.Statuses, Kinds: api.Kinds}
	for y := c.Store.Now().In(c.Store.Location()).Year() + 1; y >= 2020; y-- {
		d.Seasons = append(d.Seasons, y)
	}
	filter := url.Values{"season": {strconv.Itoa(f.Season)}}
	if f.Status != "" {
		filter.Set("status", string(f.Status))
	}
	if f.Kind != "" {
		filter.Set("kind", string(f.Kind))
	}
	if f.Query != "" {
		filter.Set("q", f.Query)
	}
	if f.Photos {
		filter.Set("photos", "1")
	}
	pages := max(1, (total+queuePage-1)/queuePage)
	c.render(w, r, s, http.StatusOK, "queue", "/dossiers", &view{Title: s.T("queue.title"), Data: d,
		Pager: web.NewPager("/dossiers", filter, page, pages, page < pages)})
}
