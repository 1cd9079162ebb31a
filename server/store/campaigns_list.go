package store

import (
	"context"
	"errors"
	"sort"
)

// RecentCampaigns returns the windows of the five latest seasons that have
// any, newest season first and summer first within a season; none is an
// empty list, not an error.
func (s *Store) RecentCampaigns(ctx context.Context) ([]Campaign, error) {
	cs, err := s.campaigns(ctx, conn{s, nil}, `season > (SELECT MAX(season) - 5 FROM campaigns)`)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Season > cs[j].Season })
	return cs, err
}
