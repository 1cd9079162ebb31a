// Package app wires the FOS member app together: the translator and its
// saved language, the theme, the window, the navigation between screens
// and the API client behind the screens' interfaces. main.go creates the
// fyne.App and calls Run; tests call New with a test app.
package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/screens"
	"github.com/fos-mobile/fos/translations"
	"github.com/fos-mobile/fos/uikit"
)

// ID is the application's unique ID, also the keyring's service name.
const ID = "ma.fos.mobile"

// prefLang is the preference key of the chosen language.
const prefLang = "lang"

// Backend is everything the screens ask of the API. The client package
// provides it (see client.go).
type Backend interface {
	screens.Authenticator
	screens.Recoverer
	screens.Profiler
	screens.ServiceLister
	screens.Estivager
	screens.Requester
	screens.Tracker
	// HasSession reports whether a token is stored, so that a returning
	// member skips the login screen.
	HasSession(ctx context.Context) bool
}

// Config is what New needs. Only App and API are required.
type Config struct {
	App fyne.App
	API Backend
	// Prefs keeps the language; App.Preferences() when nil.
	Prefs fyne.Preferences
	// Locale decides the first launch's language, e.g. "ar_MA.UTF-8".
	Locale string
	// Classify names the client's own errors for the screens.
	Classify func(error) string
	// PollEvery is the tracked request's polling interval (30 s when 0).
	PollEvery time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Notify replaces App.SendNotification, for tests that wait on it.
	Notify func(*fyne.Notification)
	// Do runs widget updates on the UI goroutine (fyne.Do when nil); tests
	// use a screens.UIQueue.
	Do func(func())
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
	// rebuild makes the current screen again, after a language change.
	rebuild func() screens.Screen
	// watch, refresh, banner: told of every change, readable offline
	// (watch.go, refresh.go).
	watch   *watch
	refresh *refresher
	banner  *offlineBanner
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
	a.tr.ApplyToFyne()
	cfg.App.Settings().SetTheme(uikit.NewTheme(a.tr))
	a.win = cfg.App.NewWindow(a.tr.T("app.title"))
	a.win.Resize(fyne.NewSize(400, 720))
	a.env = &screens.Env{
		Tr: a.tr, Win: a.win, Nav: a, Tasks: &screens.Tasks{},
		Now: cfg.Now, Classify: cfg.Classify, PollEvery: cfg.PollEvery,
		Notify: a.notify, Do: cfg.Do,
	}
	a.startWatching()
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

// Start shows the service list when a session is stored, else the login
// screen. The keyring can take up to its timeout, so it is asked off the
// UI goroutine.
func (a *App) Start() {
	a.env.Tasks.Go(func() {
		ok := a.cfg.API.HasSession(context.Background())
		a.do(func() {
			if ok {
				a.ToServices()
			} else {
				a.ToLogin("", "")
			}
		})
	})
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
	a.tr.ApplyToFyne()
	a.cfg.App.Settings().SetTheme(uikit.NewTheme(a.tr))
	a.win.SetTitle(a.tr.T("app.title"))
	if a.rebuild != nil {
		a.show(a.rebuild)
	}
}

// show stops the current screen and shows the one build makes.
func (a *App) show(build func() screens.Screen) {
	if a.current != nil {
		a.current.Stop()
	}
	a.rebuild = build
	a.current = build()
	a.win.SetContent(a.framed(a.current.Content()))
}
