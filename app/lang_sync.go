package app

import (
	"context"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// langTimeout bounds one attempt to tell the server the app's language.
const langTimeout = 30 * time.Second

// sendLang tells the server l, the language the member's mails are to be
// written in, when a member is logged in: the app's choice is the
// member's. A failure (no network) is dropped: the next profile read finds
// the server's language different and sends it again (checkServerLang).
func (a *App) sendLang(l translations.Lang) {
	lang := string(l)
	a.env.Tasks.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), langTimeout)
		defer cancel()
		if !a.watch.Backend.HasSession(ctx) {
			return
		}
		_, _ = a.watch.Backend.SetPreferences(ctx, api.PreferencesRequest{Lang: &lang})
	})
}

// checkServerLang is told the language the server keeps for the member,
// from each profile the server sends (after a login, at each start): when
// it is not the app's, the app's is sent.
func (a *App) checkServerLang(server string) {
	if l := a.tr.Lang(); server != string(l) {
		a.sendLang(l)
	}
}
