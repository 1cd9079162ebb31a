package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
)

// ServerKey returns the 32-byte secret named name, creating it on first
// use. Every replica on the same database gets the same bytes: the first
// to insert wins and the others read its key. Names in use: "audit"
// (identifier hashes in audit events), "qr" (the counter's signed codes)
// and "console" (the agents' console's CSRF tokens).
//
// A key never changes once made, so the first successful read is kept in
// memory and later calls cost nothing (a failure is not kept: the next
// call asks the database again). Callers share the returned bytes and must
// not modify them.
func (s *Store) ServerKey(ctx context.Context, name string) ([]byte, error) {
	if key, ok := s.keys.Load(name); ok {
		return key.([]byte), nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO server_keys (name, secret, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO NOTHING`, name, fresh, ms(s.now()))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("server key %s: %w", name, err)
	}
	var key []byte
	if err := s.queryRow(ctx, `SELECT secret FROM server_keys WHERE name = $1`, name).Scan(&key); err != nil {
		return nil, fmt.Errorf("server key %s: %w", name, err)
	}
	// Two first calls racing both read the one stored key: either may win.
	s.keys.Store(name, key)
	return key, nil
}
