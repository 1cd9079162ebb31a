package httpapi

import (
	"context"
	"sync"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/countercode"
)

// memberView adds to the member's own requests what only the member's
// paths show: the estimated payment date (store.Estimator, cached per
// window and season) and the counter code, the reference signed under the
// server's "qr" key for the QR code the head office's counter scans.
func (s *Server) memberView(ctx context.Context, rs []api.Reimbursement) error {
	if err := s.estimates.Estimate(ctx, rs); err != nil {
		return err
	}
	key, err := s.qr.get(ctx, s)
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

// keyOnce loads the counter code's key once: the store makes it once per
// database and never changes it, and loading costs a write transaction.
type keyOnce struct {
	mu  sync.Mutex
	key []byte
}

func (k *keyOnce) get(ctx context.Context, s *Server) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.key != nil {
		return k.key, nil
	}
	key, err := s.Store.ServerKey(ctx, countercode.KeyName)
	if err != nil {
		return nil, err
	}
	k.key = key
	return key, nil
}
