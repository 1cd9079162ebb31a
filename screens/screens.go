// Package screens holds the member app's screens, one per file, each an
// unexported struct built by an exported constructor. Screens depend on the
// small interfaces of deps.go, never on the HTTP client, and change widgets
// only inside fyne.Do. The app package wires them to the real client and
// navigates between them.
package screens

import (
	"time"

	"fyne.io/fyne/v2"

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

// Route is a screen to go to: a name, which tests check ("request:7"),
// and how to build it. Each screen's file has the function
// that makes its route (Login, Services, Request, …), so adding a screen
// is one file plus its translations.
type Route struct {
	Name  string
	Build func(env *Env) Screen
}

// Navigator shows screens. The app package implements it: Go stops the
// current screen and shows the route's.
type Navigator interface {
	Go(Route)
}

// Backer is a screen with a way back (its header's back arrow). The app
// sends Android's back key there; Back reports false when the screen has
// none, and the app then leaves, as Android does at an app's first screen.
type Backer interface {
	Back() bool
}

// Rebuilder is a screen that must be rebuilt from a route of its own after
// a language change, to keep what the member typed.
type Rebuilder interface {
	Rebuild() Route
}

// API is everything the screens ask of the FOS API; the client package
// provides it. Each screen's constructor asks only for the part it needs.
type API interface {
	Authenticator
	Recoverer
	Profiler
	Preferencer
	ServiceLister
	Estivager
	Requester
	Tracker
	Pager
	PrivacyReader
	Exporter
}

// Env is what every screen shares.
type Env struct {
	Tr  *translations.Translator
	Win fyne.Window
	Nav Navigator
	// API serves the routes' constructors.
	API API
	// Tasks tracks the screens' network calls; tests wait on it.
	Tasks *Tasks
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Notify sends a local notification; nil sends none.
	Notify func(title, content string)
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
	// Pick replaces the file dialog of the photos screen (tests): it calls
	// done with a file's name and bytes, or nothing when cancelled.
	Pick func(done func(name string, data []byte, err error))
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

// Go shows r.
func (e *Env) Go(r Route) { e.Nav.Go(r) }

// T translates key in the current language.
func (e *Env) T(key string, args ...any) string { return e.Tr.T(key, args...) }
