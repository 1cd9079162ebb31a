package app

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"time"

	"fyne.io/fyne/v2"
)

// DefaultAPIURL is the API base URL, set at build time with
// -ldflags "-X github.com/fos-mobile/fos/app.DefaultAPIURL=https://…".
// FOS_API_URL overrides it for testers.
var DefaultAPIURL = "https://fos.finances.gov.ma"

// Run shows the app in a and blocks until its window is closed.
func Run(a fyne.App) error {
	base, err := apiURL(os.Getenv("FOS_API_URL"))
	if err != nil {
		return err
	}
	x := New(Config{App: a, API: newBackend(base), Locale: systemLocale(), PollEvery: 30 * time.Second})
	x.Window().SetMaster()
	x.Start()
	x.Window().ShowAndRun()
	return nil
}

// newBackend is the one place that picks the API implementation.
func newBackend(base string) Backend { return &plainBackend{base: base} }

// apiURL checks the base URL: https, or plain http on a loopback address
// only (the demo server).
func apiURL(override string) (string, error) {
	s := DefaultAPIURL
	if override != "" {
		s = override
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("bad API URL %q", s)
	}
	switch u.Scheme {
	case "https":
	case "http":
		ip := net.ParseIP(u.Hostname())
		if u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return "", fmt.Errorf("plain http is allowed on loopback addresses only, not %q", u.Host)
		}
	default:
		return "", fmt.Errorf("bad API URL scheme %q", u.Scheme)
	}
	return u.Scheme + "://" + u.Host, nil
}

// systemLocale is the locale the first launch follows, read like fyne's
// lang package does.
func systemLocale() string {
	if l := os.Getenv("LANGUAGE"); l != "" && l != "C" && l != "POSIX" {
		return l
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(k); l != "" {
			return l
		}
	}
	return ""
}
