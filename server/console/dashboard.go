package console

import (
	"errors"
	"net/http"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// dashData is the dashboard's.
type dashData struct {
	Season    int
	HasSeason bool
	Statuses  []api.Status
	Windows   []dashRow
	Total     dashRow
	store.Dashboard
	TodayList []statusCount
}

type statusCount struct {
	Status api.Status
	N      int
}

// dashRow is one window's counts, in the order of Statuses.
type dashRow struct {
	Kind   api.Kind
	Counts []int
	Total  int
}

// currentSeason is the season of the current campaigns, 0 when none is set.
func (c *Console) currentSeason(r *http.Request) (int, []api.Kind, error) {
	cs, err := c.Store.CurrentCampaigns(r.Context())
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil, nil
	}
	if err != nil || len(cs) == 0 {
		return 0, nil, err
	}
	var kinds []api.Kind
	for _, k := range api.Kinds {
		for _, c := range cs {
			if c.Kind == k {
				kinds = append(kinds, k)
			}
		}
	}
	return cs[0].Season, kinds, nil
}

func (c *Console) dashboard(w http.ResponseWriter, r *http.Request, s *Session) {
	season, kinds, err := c.currentSeason(r)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	d := dashData{Season: season, HasSeason: season != 0, Statuses: api.Statuses}
	if d.HasSeason {
		if d.Dashboard, err = c.Store.Dashboard(r.Context(), season); err != nil {
			c.internal(w, r, s, err)
			return
		}
		d.Total = dashRow{Counts: make([]int, len(api.Statuses))}
		for _, k := range kinds {
			row := dashRow{Kind: k}
			for i, st := range api.Statuses {
				n := d.Counts[k][st]
				row.Counts = append(row.Counts, n)
				row.Total += n
				d.Total.Counts[i] += n
			}
			d.Total.Total += row.Total
			d.Windows = append(d.Windows, row)
		}
		for _, st := range api.Statuses {
			if n := d.Today[st]; n > 0 {
				d.TodayList = append(d.TodayList, statusCount{st, n})
			}
		}
	}
	c.render(w, r, s, http.StatusOK, "dashboard", "/", &view{Title: s.T("dash.title"), Data: d})
}
