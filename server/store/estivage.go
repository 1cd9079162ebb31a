package store

import (
	"context"

	"github.com/fos-mobile/fos/api"
)

// Estivage is the current season as member memberID sees it (GET
// /estivage, and the web portal's Estivage page): each window with its
// dates, whether it is open now, and the member's live request of that
// kind. Errors: ErrNotFound when no season is set.
func (s *Store) Estivage(ctx context.Context, memberID int64) (api.Estivage, error) {
	cs, err := s.CurrentCampaigns(ctx)
	if err == nil && len(cs) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return api.Estivage{}, err
	}
	live, err := s.LiveReimbursements(ctx, memberID, cs[0].Season)
	if err != nil {
		return api.Estivage{}, err
	}
	out := api.Estivage{Season: cs[0].Season, Windows: []api.Window{}}
	now := s.Now()
	for _, c := range cs {
		win := c.Window(now, s.Location())
		if mine, ok := live[c.Kind]; ok {
			win.MyRequest = &mine
		}
		out.Windows = append(out.Windows, win)
	}
	return out, nil
}
