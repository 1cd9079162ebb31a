package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// etagFormat changes whenever the JSON shape of a list or a request
// changes, so that a new server never confirms a body an old one sent.
const etagFormat = "1"

// listETag is the ETag of a member's list at version v on day (the
// foundation's today). The member's id is in it, so a client that switches
// accounts never gets another member's 304; it is hashed, so the ETag shows
// nothing but a change. The day is in it because the estimated payment
// dates in the body move with it (store.Estimator.Today).
func listETag(memberID int64, v store.ListVersion, day api.Date) string {
	return etagOf("list", memberID, v.Count, v.Sum, dayNumber(day))
}

// requestETag is the ETag of one request (with its timeline) at version on
// day, like listETag.
func requestETag(memberID, id, version int64, day api.Date) string {
	return etagOf("request", memberID, id, version, dayNumber(day))
}

// dayNumber is day as YYYYMMDD.
func dayNumber(d api.Date) int64 { return int64(d.Year*10000 + int(d.Month)*100 + d.Day) }

func etagOf(kind string, parts ...int64) string {
	b := make([]byte, 0, 64)
	b = append(b, etagFormat...)
	b = append(b, kind...)
	for _, p := range parts {
		b = append(b, ':')
		b = strconv.AppendInt(b, p, 10)
	}
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// maxListBodies bounds listBodies: about 4 KB a member, so at most a few
// tens of MB.
const maxListBodies = 4096

// listBodies keeps the last list body encoded for each member with the
// version it was read at and the day it was encoded on. A request first
// reads the version (one indexed query); a body cached at that same version
// on the same day is exactly what reading and encoding the list again would
// give, since any change to the rows changes the version and the estimates
// change only with the day. The body is read after its version, so it is at
// least as new: a body newer than its version is cached under a version
// the database has already left, and is never served again.
type listBodies struct {
	mu sync.Mutex
	m  map[int64]listBody
}

type listBody struct {
	v    store.ListVersion
	day  api.Date
	body []byte
}

func newListBodies() *listBodies { return &listBodies{m: map[int64]listBody{}} }

// get returns the member's body cached at version v on day.
func (c *listBodies) get(memberID int64, v store.ListVersion, day api.Date) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[memberID]
	if !ok || e.v != v || e.day != day {
		return nil, false
	}
	return e.body, true
}

// put caches body as the member's list at version v on day.
func (c *listBodies) put(memberID int64, v store.ListVersion, day api.Date, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[memberID]; !ok && len(c.m) >= maxListBodies {
		for k := range c.m { // drop an arbitrary eighth
			delete(c.m, k)
			if len(c.m) < maxListBodies*7/8 {
				break
			}
		}
	}
	c.m[memberID] = listBody{v: v, day: day, body: body}
}
