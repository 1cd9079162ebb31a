package app

import (
	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/screens"
)

// The App is the screens' Navigator.
var _ screens.Navigator = (*App)(nil)

// ToLogin implements screens.Navigator. A rebuild after a language change
// drops the notice, which was written in the old language.
// The rebuild keeps what was typed as identifier meanwhile.
func (a *App) ToLogin(notice, identifier string) {
	a.show(func() screens.Screen { return screens.NewLogin(a.env, a.cfg.API, notice, identifier) })
	a.rebuild = func() screens.Screen {
		id := identifier
		if l, ok := a.current.(interface{ Identifier() string }); ok {
			id = l.Identifier()
		}
		return screens.NewLogin(a.env, a.cfg.API, "", id)
	}
}

// ToRecover implements screens.Navigator.
func (a *App) ToRecover(identifier string) {
	a.show(func() screens.Screen { return screens.NewRecover(a.env, a.cfg.API, identifier) })
}

// ToRecoverCode implements screens.Navigator.
func (a *App) ToRecoverCode(identifier string) {
	a.show(func() screens.Screen { return screens.NewRecoverCode(a.env, a.cfg.API, identifier) })
}

// ToServices implements screens.Navigator.
func (a *App) ToServices() {
	a.show(func() screens.Screen { return screens.NewServices(a.env, a.cfg.API) })
}

// ToEstivage implements screens.Navigator.
func (a *App) ToEstivage() {
	a.show(func() screens.Screen { return screens.NewEstivage(a.env, a.cfg.API) })
}

// ToConfirm implements screens.Navigator.
func (a *App) ToConfirm(kind api.Kind) {
	a.show(func() screens.Screen { return screens.NewConfirm(a.env, a.cfg.API, kind) })
}

// ToRequest implements screens.Navigator.
func (a *App) ToRequest(id int64) {
	a.show(func() screens.Screen { return screens.NewRequest(a.env, a.cfg.API, id) })
}

// ToRequests implements screens.Navigator.
func (a *App) ToRequests(history bool) {
	a.show(func() screens.Screen { return screens.NewRequests(a.env, a.cfg.API, history) })
}
