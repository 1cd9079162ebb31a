// Package screens holds the member app's screens, one per file, each an
// unexported struct built by an exported constructor. Screens depend on the
// small interfaces of deps.go, never on the HTTP client, and change widgets
// only inside fyne.Do. The app package wires them to the real client and
// navigates between them.
package screens

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// Screen is one full-window screen.
type Screen interface {
	// Content is the screen's root object, built once by the constructor.
	Content() fyne.CanvasObject
	// Stop cancels the screen's network calls and polling; it is called when
	// the screen is left.
	Stop()
}

// Navigator moves between screens. The app package implements it; each call
// stops the current screen and shows the new one.
type Navigator interface {
	// ToLogin shows the login screen with an optional notice (for example
	// "session expired") and a pre-filled identifier.
	ToLogin(notice, identifier string)
	ToRecover(identifier string)
	ToRecoverCode(identifier string)
	ToServices()
	ToEstivage()
	ToConfirm(kind api.Kind)
	ToRequest(id int64)
	// ToRequests shows "Mes demandes"; history restricts it to past seasons.
	ToRequests(history bool)
}

// Env is what every screen shares.
type Env struct {
	Tr  *translations.Translator
	Win fyne.Window
	Nav Navigator
	// Tasks tracks the screens' network calls; tests wait on it.
	Tasks *Tasks
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Notify sends a local notification; nil sends none.
	Notify func(title, content string)
	// Classify names an error the contract does not type (network,
	// timeout, …); see errors.go. Nil uses the default.
	Classify func(error) string
	// PollEvery is the tracked request's polling interval; 0 means 30 s.
	PollEvery time.Duration
	// Do runs a widget update on the UI goroutine; fyne.Do when nil. Tests
	// set a UIQueue's Do.
	Do func(func())
	// Watched says the app tells the member of status changes itself
	// (app/watch.go), on any screen: the request screen sends none.
	Watched bool
	// IsNew reports whether a request changed since the member last opened
	// it, for "Mes demandes" to mark it; nil marks none.
	IsNew func(id int64) bool
}

func (e *Env) do(f func()) {
	if e.Do != nil {
		e.Do(f)
		return
	}
	fyne.Do(f)
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Env) notify(title, content string) {
	if e.Notify != nil {
		e.Notify(title, content)
	}
}

func (e *Env) pollEvery() time.Duration {
	if e.PollEvery > 0 {
		return e.PollEvery
	}
	return 30 * time.Second
}

// T translates key in the current language.
func (e *Env) T(key string, args ...any) string { return e.Tr.T(key, args...) }
