package httpapi

import (
	"embed"
	"html/template"
	"io"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

//go:embed export.html
var exportFS embed.FS

// exportPage is the readable "Mes données" page. It is a document the
// member keeps: html/template escapes every value, and the page has its
// style inline and nothing else (no script, image, font or link), so that
// it reads the same saved on a phone as served.
var exportPage = template.Must(template.New("export.html").Funcs(template.FuncMap{
	"money": func(t *translations.Translator, c *int64) string {
		if c == nil {
			return ""
		}
		return t.Money(*c)
	},
}).ParseFS(exportFS, "export.html"))

// exportView is what the page shows, in words of the member's language.
type exportView struct {
	T    *translations.Translator
	Lang string
	Dir  string
	D    api.DataExport
}

// Text picks the member's language from a two-language text.
func (v exportView) Text(t api.Text) string {
	if v.T.Lang() == translations.AR {
		return t.AR
	}
	return t.FR
}

// Kind is a request's kind as the app names it.
func (v exportView) Kind(k api.Kind) string { return v.T.T("estivage.window." + string(k)) }

// Reason is a rejection's reasons as the app words them.
func (v exportView) Reason(r api.Reimbursement) string {
	code := ""
	if r.ReasonCode != "" {
		code = strings.TrimSuffix(v.T.T("reason."+string(r.ReasonCode)), ".")
	}
	switch {
	case code != "" && r.Reason != "":
		return code + " — " + r.Reason
	case code != "":
		return code
	}
	return r.Reason
}

// Retention is the configured retention in years or days.
func (v exportView) Retention() string {
	return v.T.Retention(v.D.Privacy.RetentionDays)
}

func renderExport(w io.Writer, d api.DataExport, t *translations.Translator) error {
	v := exportView{T: t, Lang: string(t.Lang()), Dir: "ltr", D: d}
	if t.RTL() {
		v.Dir = "rtl"
	}
	return exportPage.Execute(w, v)
}
