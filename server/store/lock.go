package store

import (
	"hash/crc32"

	"github.com/pressly/goose/v3/lock"
)

// newPostgresLocker returns goose's advisory session lock, keyed for this
// application so that it cannot collide with another one's migrations.
func newPostgresLocker() (lock.SessionLocker, error) {
	return lock.NewPostgresSessionLocker(lock.WithLockID(int64(crc32.ChecksumIEEE([]byte("fos-server migrations")))))
}
