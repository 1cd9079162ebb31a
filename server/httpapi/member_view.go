package httpapi

import (
	"context"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/countercode"
)

// MemberView adds to the member's own requests what only the member's
// paths (and the member's web portal, server/portal) show: the estimated payment date (store.Estimator, cached per
// window and season) and the counter code, the reference signed under the
// server's "qr" key for the QR code the head office's counter scans.
func (s *Server) MemberView(ctx context.Context, rs []api.Reimbursement) error {
	if err := s.estimates.Estimate(ctx, rs); err != nil {
		return err
	}
	key, err := s.Store.ServerKey(ctx, countercode.KeyName)
	if err != nil {
		return err
	}
	for i := range rs {
		if rs[i].Reference != "" {
			rs[i].CounterCode = countercode.Sign(key, rs[i].Reference)
		}
	}
	return nil
}
