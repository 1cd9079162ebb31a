package app

import (
	"errors"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/fos-mobile/fos/app/locale"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/internal/firstframe"
)

// Run shows the app in a and blocks until its window is closed. The API
// base URL is FOS_API_URL for testers, else the one set at build time:
// client.DefaultBaseURL (go build -ldflags -X) or the APIURL metadata of a
// fyne package (make package-linux API_URL=…). A plain http:// URL is
// refused unless it is a loopback address.
func Run(a fyne.App) error {
	meta := a.Metadata().Custom
	base := client.BaseURLFromEnv(orElse(client.DefaultBaseURL, meta["APIURL"]))
	if base == "" {
		return errors.New("no API URL: set " + client.EnvBaseURL + ", or build with make package-linux API_URL=https://…")
	}
	pins := client.PinsFromBuild()
	if len(pins) == 0 && meta["Pins"] != "" {
		pins = strings.Split(meta["Pins"], ",")
	}
	var lang func() string
	dir := client.StorageDir(a.Storage().RootURI().Path())
	api, err := newBackend(base, client.NewTokenStore(dir), client.NewRevokeStore(dir), func() string { return lang() }, pins)
	if err != nil {
		return err
	}
	// The requests' cache lives with the token files: on iOS out of backups.
	cfg := Config{App: a, API: api, Locale: systemLocale(), PollEvery: 30 * time.Second, Cache: client.NewCache(dir), WarmFonts: true}
	if firstframe.Enabled() {
		cfg.Wrap = func(c fyne.CanvasObject) fyne.CanvasObject {
			return firstframe.Wrap(c, os.Stdout, func() { fyne.Do(a.Quit) })
		}
	}
	x := New(cfg)
	lang = func() string { return string(x.Translator().Lang()) }
	x.Window().SetMaster()
	x.Start()
	// Start has shown the window; showing it again paints the first
	// screen now rather than at the event loop's first tick.
	x.Window().ShowAndRun()
	return nil
}

// newBackend is the one place that picks the API implementation: the
// resty client of package client, with the token in tokens and a token
// whose revocation is pending in revoke.
func newBackend(baseURL string, tokens, revoke client.TokenStore, lang func() string, pins []string) (Backend, error) {
	return client.New(client.Config{
		BaseURL:          baseURL,
		Tokens:           tokens,
		Revoke:           revoke,
		Lang:             lang,
		PinnedSPKISHA256: pins,
	})
}

func orElse(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

// systemLocale is the locale the first launch follows, read like fyne's
// lang package does.
func systemLocale() string {
	if l := os.Getenv("LANGUAGE"); l != "" && l != "C" && l != "POSIX" {
		return l
	}
	return locale.FromEnv(os.Getenv)
}
