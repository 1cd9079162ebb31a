package console

import (
	"embed"
	"net/http"

	"github.com/fos-mobile/fos/server/web"
)

//go:embed i18n/*.json
var i18nFiles embed.FS

// catalog is the console's own texts: i18n/<lang>.json, and the
// supervisors' pages' i18n/supervisor_<lang>.json. Statuses, windows, dates
// and amounts are written as the member reads them in the app (web.Tr).
var catalog = web.MustCatalog(i18nFiles, "i18n/", "i18n/supervisor_")

// langCookie remembers the agent's language; it is no secret.
const langCookie = "fos_console_lang"

// requestLang is the language the agent chose (cookie), French otherwise.
func requestLang(r *http.Request) web.Tr { return catalog.Tr(web.RequestLang(r, langCookie)) }
