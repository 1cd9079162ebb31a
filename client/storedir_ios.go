//go:build ios

package client

import (
	"os"
	"path/filepath"
)

// StorageDir is where the app keeps its token files (and anything else that
// must not leave the phone) given fyne's storage root dir. On iOS it is the
// app's Library/Caches, which iOS never copies into iCloud or computer
// backups; fyne's root is in Documents, which it does copy. Marking single
// files with NSURLIsExcludedFromBackupKey would keep them out of Caches'
// purges too, but needs Objective-C glue that Go cannot reach without cgo
// bindings; a purge only means logging in again. dir is used when the
// cache directory is unknown.
func StorageDir(dir string) string {
	c, err := os.UserCacheDir()
	if err != nil {
		return dir
	}
	d := filepath.Join(c, AppID)
	if err := os.MkdirAll(d, 0o700); err != nil {
		return dir
	}
	return d
}
