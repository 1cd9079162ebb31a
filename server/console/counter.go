package console

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"

	"github.com/fos-mobile/fos/server/web"

	"github.com/fos-mobile/fos/server/countercode"
	"github.com/fos-mobile/fos/server/store"
)

// referencePattern is the shape of a reference (store.Reference).
var referencePattern = regexp.MustCompile(`^EST-[0-9]{4}-[0-9]{6,}$`)

// counterData is the counter page's.
type counterData struct {
	Code string
	// Done is the reference whose documents were just received.
	Done string
}

// counter is the Guichet: one field that takes a typed reference or what a
// QR scanner types (the signed code, then Enter). A GET, so the scanner's
// Enter opens the file at once: the first of the two actions from a
// reference to "Documents reçus".
func (c *Console) counter(w http.ResponseWriter, r *http.Request, s *Session) {
	q := r.URL.Query()
	d := counterData{Code: q.Get("code")}
	if done := q.Get("done"); referencePattern.MatchString(done) {
		d.Done = done
	}
	v := &view{Title: s.T("counter.title"), Data: d}
	if d.Done != "" {
		v.Flash = s.T("counter.done", d.Done)
	}
	if _, ok := q["code"]; !ok {
		c.render(w, r, s, http.StatusOK, "counter", "/guichet", v)
		return
	}
	key, err := c.Store.ServerKey(r.Context(), countercode.KeyName)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	ref, signed, err := countercode.Parse(key, d.Code)
	switch {
	case errors.Is(err, countercode.ErrForged):
		c.audit(r, s, "agent.counter", "failed", "", "forged code")
		v.Form = web.NewForm(nil)
		v.Form.Fail("code", s.T("counter.forged"))
		c.render(w, r, s, http.StatusUnprocessableEntity, "counter", "/guichet", v)
		return
	case ref == "":
		v.Form = web.NewForm(nil)
		v.Form.Fail("code", s.T("counter.empty"))
		c.render(w, r, s, http.StatusUnprocessableEntity, "counter", "/guichet", v)
		return
	}
	id, err := c.Store.IDByReference(r.Context(), ref)
	if errors.Is(err, store.ErrNotFound) {
		v.Form = web.NewForm(nil)
		v.Form.Fail("code", s.T("counter.notfound", ref))
		c.render(w, r, s, http.StatusNotFound, "counter", "/guichet", v)
		return
	}
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	dest := "/dossiers/" + strconv.FormatInt(id, 10) + "?guichet=1"
	if signed {
		dest += "&qr=1"
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
}
