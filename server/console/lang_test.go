package console_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

var langLink = regexp.MustCompile(`class="lang" href="([^"]+)"`)

// TestLanguageSwitchAfterRefusedAction: an action refused with a message
// (an empty note) shows the file again; switching language there leads to
// the file in Arabic, not to a 404.
func TestLanguageSwitchAfterRefusedAction(t *testing.T) {
	e := newEnv(t)
	r, _ := e.newRequest(e.acc.Member)
	a := e.httpClient()
	if code := a.login(e.acc.Agent.Email, e.acc.Agent.Password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	_, _, csrf := a.get(fmt.Sprintf("/dossiers/%d", r.ID))
	code, body := a.post(fmt.Sprintf("/dossiers/%d/note", r.ID), url.Values{"csrf": {csrf}, "version": {"0"}, "note": {""}})
	if code == http.StatusSeeOther || code == http.StatusOK {
		t.Fatalf("an empty note was taken: %d", code)
	}
	m := langLink.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no language link on the page")
	}
	resp, err := a.HTTP.Get(e.console + html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if want := fmt.Sprintf("/dossiers/%d", r.ID); loc != want {
		t.Fatalf("the switch leads to %q, want %q", loc, want)
	}
	if code, page, _ := a.get(loc); code != http.StatusOK || !regexp.MustCompile(`dir="rtl"`).MatchString(page) {
		t.Fatalf("%s after the switch: %d", loc, code)
	}
}
