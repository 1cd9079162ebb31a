// Package app wires the FOS member app together: the translator and its
// saved language, the theme, the window, the navigation between screens
// and the API client behind the screens' interfaces. main.go creates the
// fyne.App and calls Run; tests call New with a test app.
package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/screens"
	"github.com/fos-mobile/fos/translations"
	"github.com/fos-mobile/fos/translations/fynetext"
	"github.com/fos-mobile/fos/uikit"
)

// ID is the application's unique ID, also the keyring's service name.
const ID = "ma.fos.mobile"

// prefLang is the preference key of the chosen language.
const prefLang = "lang"

// Backend is everything the screens ask of the API. The client package
// provides it (see client.go).
type Backend interface {
	screens.API
	// HasSession reports whether a token is stored, so that a returning
	// member skips the login screen.
	HasSession(ctx context.Context) bool
	// RevokePending revokes the token of a logout that could not reach the
	// server, if any.
	RevokePending(ctx context.Context) error
}

// Config is what New needs. Only App and API are required.
type Config struct {
	App fyne.App
	API Backend
	// Prefs keeps the language; App.Preferences() when nil.
	Prefs fyne.Preferences
	// Locale decides the first launch's language, e.g. "ar_MA.UTF-8".
	Locale string
	// PollEvery is the tracked request's polling interval (30 s when 0).
	PollEvery time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Notify replaces App.SendNotification, for tests that wait on it.
	Notify func(*fyne.Notification)
	// Do runs widget updates on the UI goroutine (fyne.Do when nil); tests
	// use a screens.UIQueue.
	Do func(func())
	// Wrap, when set, wraps each screen's content (make start-time's
	// first-frame probe).
	Wrap func(fyne.CanvasObject) fyne.CanvasObject
	// WarmFonts loads the fonts ahead, while the window is created
	// (uikit.WarmFonts); Run sets it.
	WarmFonts bool
	// Pick replaces the photos screen's file dialog (tests); see
	// screens.Env.Pick.
	Pick func(done func(name string, data []byte, err error))
	// Leave sends the app to the background, as Android's back key does at
	// an app's first screen: the mobile driver's GoBack when nil.
	Leave func()
	// Cache keeps the member's requests on the device (sealed, see
	// client.Cache); nil keeps them in memory only. See watch.go.
	Cache *client.Cache
	// RefreshEvery is the requests' refresh period in the foreground, on
	// any screen (DefaultRefreshEvery when 0). See refresh.go.
	RefreshEvery time.Duration
	// PauseUnfocused stops the refreshes while fyne's lifecycle says the
	// app left the foreground. Phones always do (the app is out of sight);
	// desktops do not unless set, since fyne says so of a window that only
	// lost the focus, still in sight, where a notification helps most.
	PauseUnfocused bool
}

// App is the running member app: one window whose content is the current
// screen.
type App struct {
	cfg     Config
	tr      *translations.Translator
	win     fyne.Window
	env     *screens.Env
	current screens.Screen
	// route is the current screen's, which rebuilds it after a language
	// change (unless the screen is a screens.Rebuilder).
	route screens.Route
	// watch, refresh, banner: told of every change, readable offline
	// (watch.go, refresh.go).
	watch   *watch
	refresh *refresher
	banner  *offlineBanner
	// fontsLoaded waits for the fonts loaded ahead (uikit.WarmFonts).
	fontsLoaded func()
}

// New sets the app up without showing anything; call Start next.
func New(cfg Config) *App {
	if cfg.Prefs == nil {
		cfg.Prefs = cfg.App.Preferences()
	}
	a := &App{cfg: cfg}
	lang := translations.FromLocale(cfg.Locale)
	if l, ok := translations.Parse(cfg.Prefs.String(prefLang)); ok {
		lang = l
	}
	a.tr = translations.New(lang)
	fynetext.Apply(a.tr.Lang())
	th := uikit.NewTheme(a.tr)
	cfg.App.Settings().SetTheme(th)
	a.fontsLoaded = func() {}
	if cfg.WarmFonts {
		a.fontsLoaded = uikit.WarmFonts(cfg.App.Driver(), th)
	}
	a.win = cfg.App.NewWindow(a.tr.T("app.title"))
	a.win.Resize(fyne.NewSize(360, 640)) // a small phone's screen, for testers
	a.startWatching()
	a.env = &screens.Env{
		Tr: a.tr, Win: a.win, Nav: a, Tasks: &screens.Tasks{},
		Now: cfg.Now, PollEvery: cfg.PollEvery, Notify: a.notify, Do: cfg.Do,
		// The screens ask the watch (watch.go).
		API: a.watch, Watched: true, IsNew: a.watch.IsNew, Pick: cfg.Pick,
	}
	a.win.Canvas().SetOnTypedKey(a.onKey)
	a.tr.OnChange(a.onLang)
	a.win.SetOnClosed(func() {
		if a.current != nil {
			a.current.Stop()
		}
		a.refresh.close()
	})
	return a
}

// Window is the app's only window.
func (a *App) Window() fyne.Window { return a.win }

// Translator is the app's translator.
func (a *App) Translator() *translations.Translator { return a.tr }

// Wait blocks until the screens' network calls in flight are done. The
// tracked request's polling is not waited for.
func (a *App) Wait() { a.env.Tasks.Wait() }

// Current is the screen shown.
func (a *App) Current() screens.Screen { return a.current }

// startWait is how long Start waits for the token store once the window
// is up: long enough for a file or a healthy keyring, so that the first
// screen comes with the first painted frame, short enough that a frozen
// keyring does not hold it back (its answer then comes through fyne.Do).
const startWait = 200 * time.Millisecond

// Start shows the window and in it the service list when a session is
// stored, else the login screen. A logout that found no network last time
// is finished meanwhile: its old token is revoked now. The token store is
// asked off the UI goroutine, since the keyring can take up to its timeout.
//
// The window is shown first, empty (the theme's background): creating it
// (the GL context) is the longest step of a cold start, and the fonts
// (uikit.WarmFonts), the sealed cache (the watch's, read before the token
// store answers, so before any screen reads it) and the token store's
// answer are loaded meanwhile, on other goroutines, instead of one after
// the other. The first screen is then painted by the next Show, which
// ShowAndRun does at once.
func (a *App) Start() {
	a.env.Tasks.Go(func() { _ = a.cfg.API.RevokePending(context.Background()) })
	answer := make(chan bool, 1)
	a.env.Tasks.Go(func() {
		a.watch.load()
		answer <- a.cfg.API.HasSession(context.Background())
	})
	a.win.SetContent(container.NewStack())
	a.win.Show()
	select {
	case ok := <-answer:
		a.first(ok)
	case <-time.After(startWait):
		a.env.Tasks.Go(func() {
			ok := <-answer
			a.do(func() { a.first(ok) })
		})
	}
}

// first shows the first screen: the service list with a session, else
// login; and starts the refresher, which the start-up need not wait for.
func (a *App) first(session bool) {
	if session {
		a.Go(screens.Services())
	} else {
		a.Go(screens.Login("", ""))
	}
	a.refresh.start()
}

func (a *App) do(f func()) {
	if a.cfg.Do != nil {
		a.cfg.Do(f)
		return
	}
	fyne.Do(f)
}

func (a *App) notify(title, content string) {
	n := fyne.NewNotification(title, content)
	if a.cfg.Notify != nil {
		a.cfg.Notify(n)
		return
	}
	a.cfg.App.SendNotification(n)
}

// onLang saves the choice, re-themes fyne's own strings and rebuilds the
// current screen in the new language at once.
func (a *App) onLang(l translations.Lang) {
	a.cfg.Prefs.SetString(prefLang, string(l))
	a.sendLang(l)
	fynetext.Apply(l)
	a.cfg.App.Settings().SetTheme(uikit.NewTheme(a.tr))
	a.win.SetTitle(a.tr.T("app.title"))
	if a.current == nil {
		return
	}
	r := a.route
	if rb, ok := a.current.(screens.Rebuilder); ok {
		r = rb.Rebuild()
	}
	a.Go(r)
}
