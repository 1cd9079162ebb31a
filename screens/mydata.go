package screens

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
)

// mydata is "Mes données": the member downloads everything the foundation
// holds on them (GET /me/export), as the JSON file or as a readable page
// in their language, and saves it where they choose: Fyne's save dialog on
// a desktop, the system's file picker on a phone.
type mydata struct {
	base
	api     Exporter
	json    *widget.Button
	html    *widget.Button
	content fyne.CanvasObject
	// saveAs asks where to save data under name and writes it; done gets
	// the outcome, or nothing when the member cancelled. Tests replace it.
	saveAs func(name string, data []byte, done func(error))
}

// MyData is the route to "Mes données"; back is where its back arrow goes.
func MyData(back Route) Route {
	return Route{"mydata", func(env *Env) Screen { return NewMyData(env, env.API, back) }}
}

// NewMyData builds "Mes données". Nothing is downloaded until the member
// asks: each download counts against the server's hourly limit.
func NewMyData(env *Env, deps Exporter, back Route) Screen {
	s := &mydata{base: newBase(env), api: deps}
	s.initRetry()
	s.saveAs = s.saveDialog
	s.json = widget.NewButton(env.T("mydata.json"), func() { s.onDownload(api.ExportJSON) })
	s.json.Importance = widget.HighImportance
	s.html = widget.NewButton(env.T("mydata.html"), func() { s.onDownload(api.ExportHTML) })
	s.guard(s.json, s.html)
	s.content = page(
		s.header(env.T("mydata.title"), func() { env.Go(back) }, nil),
		text(env, env.T("mydata.intro")),
		s.json,
		s.html,
		s.status(),
	)
	return s
}

// Content implements Screen.
func (s *mydata) Content() fyne.CanvasObject { return s.content }

// onDownload fetches the export in format and then asks where to save it.
func (s *mydata) onDownload(format string) {
	lang := string(s.env.Tr.Lang())
	name := "mes-donnees-fos-" + today(s.env).String() + "." + format
	var data []byte
	s.run(func(ctx context.Context) (err error) {
		data, err = s.api.Export(ctx, format, lang)
		return err
	}, func(err error) {
		if err != nil {
			s.fail(err, func() { s.onDownload(format) })
			return
		}
		s.saveAs(name, data, func(err error) {
			if err != nil {
				s.say(s.env.T("mydata.save_failed"))
				return
			}
			s.say(s.env.T("mydata.saved"))
		})
	})
}

// saveDialog is saveAs with Fyne's file dialog, which is the system's
// picker on Android and iOS.
func (s *mydata) saveDialog(name string, data []byte, done func(error)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			done(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		_, werr := w.Write(data)
		done(errors.Join(werr, w.Close()))
	}, s.env.Win)
	d.SetFileName(name)
	d.Show()
}
