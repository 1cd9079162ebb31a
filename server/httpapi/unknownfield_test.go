package httpapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// TestUnknownFieldPath covers the shapes the request types do not have
// yet (lists, embedded structs, skipped fields); the router tests cover
// the real bodies.
func TestUnknownFieldPath(t *testing.T) {
	type item struct {
		Name string `json:"name"`
	}
	type body struct {
		api.ConfirmedProfile
		Items   []item    `json:"items"`
		Ptr     *item     `json:"ptr,omitempty"`
		At      time.Time `json:"at"`
		Hidden  string    `json:"-"`
		NoTag   int
		private int
	}
	for _, tc := range []struct {
		name, body, want string
		found            bool
	}{
		{"embedded field is known", `{"echelle":1,"nope":2}`, "nope", true},
		{"second item of a list", `{"items":[{"name":"a"},{"name":"b","x":1}]}`, "items.x", true},
		{"through a pointer", `{"ptr":{"y":1}}`, "ptr.y", true},
		{"a skipped field is unknown", `{"Hidden":"h"}`, "Hidden", true},
		{"an unexported field is unknown", `{"private":1}`, "private", true},
		{"untagged field by its Go name, any case", `{"notag":1,"z":1}`, "z", true},
		{"a value that parses itself is not searched", `{"at":"2026-07-01T00:00:00Z"}`, "", false},
		{"nothing unknown", `{"echelle":1,"items":[{"name":"a"}]}`, "", false},
		{"not an object", `[1]`, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, found := unknownField([]byte(tc.body), reflect.TypeFor[*body](), "")
			if got != tc.want || found != tc.found {
				t.Fatalf("unknownField = %q, %v; want %q, %v", got, found, tc.want, tc.found)
			}
			// encoding/json must agree that the same key is unknown.
			dec := json.NewDecoder(strings.NewReader(tc.body))
			dec.DisallowUnknownFields()
			err := dec.Decode(new(body))
			last := tc.want[strings.LastIndex(tc.want, ".")+1:]
			if found && (err == nil || err.Error() != fmt.Sprintf("json: unknown field %q", last)) {
				t.Fatalf("encoding/json: %v, want unknown field %q", err, last)
			}
		})
	}
}
