package client

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"time"

	"github.com/fos-mobile/fos/api"
)

// CacheFileName is the sealed cache's file, beside the token's.
const CacheFileName = "requests.cache"

// cacheAD binds the sealed cache to its purpose and format version, so
// that the token file can never be read as a cache or the reverse.
var cacheAD = []byte(AppID + " requests cache v1")

// Cache keeps what the member last saw of their requests on the device, for
// reading them offline and for telling each change once across restarts.
// It is sealed like the token, with AES-256-GCM under the FileStore's key
// (Dir/session.key), in Dir/requests.cache, and protects against the same
// things as that store, and no more: it is a FileStore whose file is the
// cache (see FileStore). Logout wipes it.
type Cache struct{ file *FileStore }

// NewCache returns the cache in dir, the app's private storage (the token
// store's directory).
func NewCache(dir string) *Cache { return &Cache{file: &FileStore{Dir: dir, Name: CacheFileName}} }

// Entry is one cached answer of the server, with its ETag and when the
// server gave it.
type Entry struct {
	Body json.RawMessage `json:"body"`
	ETag string          `json:"etag,omitempty"`
	At   time.Time       `json:"at"`
}

// Snapshot is everything the cache holds.
type Snapshot struct {
	// Answers are the server's last answers by path ("/me", "/reimbursements",
	// "/reimbursements/12", "/services", "/estivage").
	Answers map[string]Entry `json:"answers,omitempty"`
	// Confirmed is when the server last answered at all.
	Confirmed time.Time `json:"confirmed,omitempty"`
	// Seen is the last status of each request the member was told of.
	Seen map[int64]api.Status `json:"seen,omitempty"`
	// Missing is, for each request of Seen, a fingerprint of the missing
	// documents an agent recorded that the member was last told of (""
	// when none). A request of Seen that it lacks (a snapshot written by
	// an older app) takes its fingerprint untold.
	Missing map[int64]string `json:"missing,omitempty"`
	// New marks the requests changed since the member last opened them.
	New map[int64]bool `json:"new,omitempty"`
	// Reminded is the day (YYYY-MM-DD) of each request's last deadline
	// reminder.
	Reminded map[int64]string `json:"reminded,omitempty"`
}

// Load returns the cached snapshot. A missing cache is an empty one, and so
// is one that cannot be read (its key was replaced, or it was damaged):
// the cache only ever saves a trip to the server. The error says why it
// was dropped.
func (c *Cache) Load() (Snapshot, error) {
	var s Snapshot
	b, err := c.file.open(c.file.Name, cacheAD)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err == nil {
		err = json.Unmarshal(b, &s)
	}
	if err != nil {
		return Snapshot{}, err
	}
	return s, nil
}

// Save replaces the cache with s.
func (c *Cache) Save(s Snapshot) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return c.file.seal(c.file.Name, cacheAD, b)
}

// Wipe deletes the cache; wiping nothing is not an error.
func (c *Cache) Wipe() error { return c.file.Delete(context.Background()) }
