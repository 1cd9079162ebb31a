package screens

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// confirm is the "Confirmer" screen: the member's personal data, read-only,
// then "Retour" or "Confirmer", which sends the request.
type confirm struct {
	base
	me      Profiler
	req     Requester
	kind    api.Kind
	profile *api.ConfirmedProfile
	// key is the Idempotency-Key of the current attempt: made at the first
	// tap, kept for every retry of the same data, dropped when the data
	// change, so a double tap or a retry after a timeout never makes two
	// files.
	key     string
	created *api.Reimbursement

	fields map[string]*uikit.Text
	back   *widget.Button
	submit *widget.Button
	track  *widget.Button
	// inaccurate tells the member where to have wrong data corrected.
	inaccurate *widget.Button
	// sheet is the deposit instructions once shown, in place of the form
	// in root.
	sheet fyne.CanvasObject
	root  *fyne.Container
}

// ConfirmDeps is what the Confirmer screen needs.
type ConfirmDeps interface {
	Profiler
	Requester
}

// confirmFields are the confirmed data, in the foundation's order.
var confirmFields = []string{"birth_date", "echelle", "echelon", "recruitment_date", "children_count"}

// Confirm is the route to "Confirmer" for a window kind.
func Confirm(kind api.Kind) Route {
	return Route{"confirm:" + string(kind), func(env *Env) Screen { return NewConfirm(env, env.API, kind) }}
}

// NewConfirm builds the Confirmer screen for a window kind and loads the
// member's data.
func NewConfirm(env *Env, deps ConfirmDeps, kind api.Kind) Screen {
	s := &confirm{base: newBase(env), me: deps, req: deps, kind: kind, fields: map[string]*uikit.Text{}}
	s.initRetry()
	var fields []uikit.Field
	for _, f := range confirmFields {
		s.fields[f] = text(env, "")
		fields = append(fields, uikit.Field{Label: env.T("profile." + f), Value: s.fields[f]})
	}
	rows := uikit.Form(env.Tr, fields...)
	s.back = widget.NewButton(env.T("action.back"), func() { env.Go(Estivage()) })
	s.submit = widget.NewButton(env.T("confirm.submit"), s.onConfirm)
	s.submit.Importance = widget.HighImportance
	s.submit.Disable() // until the data are shown
	s.track = widget.NewButton(env.T("estivage.track"), nil)
	s.track.Hide()
	s.inaccurate = widget.NewButton(env.T("confirm.inaccurate"), func() { env.Go(Rectify(kind)) })
	s.inaccurate.Importance = widget.LowImportance
	// The header's back is disabled too while the request is sent: leaving
	// would cancel it and lose the answer of a file the server may have
	// opened (its deposit instructions, its notification).
	top := s.header(env.T("estivage.window."+string(kind)), func() { env.Go(Estivage()) }, nil)
	s.guard(s.back, s.backButton, s.submit, s.inaccurate)
	s.root = container.NewStack(page(
		top,
		text(env, env.T("confirm.intro")),
		widget.NewCard("", "", rows),
		container.NewCenter(s.inaccurate),
		s.status(),
		container.NewGridWithColumns(2, orderRow(env, s.back, s.submit)...),
		s.track,
	))
	s.load()
	return s
}

// orderRow returns objs in reading order, for grids that uikit.Row does
// not cover.
func orderRow(env *Env, objs ...fyne.CanvasObject) []fyne.CanvasObject {
	if !env.Tr.RTL() {
		return objs
	}
	out := make([]fyne.CanvasObject, len(objs))
	for i, o := range objs {
		out[len(objs)-1-i] = o
	}
	return out
}

// Content implements Screen.
func (s *confirm) Content() fyne.CanvasObject { return s.root }

func (s *confirm) load() {
	var p api.Profile
	s.run(func(ctx context.Context) (err error) {
		p, err = s.me.Me(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.fail(err, s.load)
			return
		}
		s.setProfile(p.ConfirmedProfile)
	})
}

func (s *confirm) setProfile(p api.ConfirmedProfile) {
	s.profile = &p
	tr := s.env.Tr
	s.fields["birth_date"].SetText(tr.Date(p.BirthDate))
	s.fields["echelle"].SetText(fmt.Sprint(p.Echelle))
	s.fields["echelon"].SetText(fmt.Sprint(p.Echelon))
	s.fields["recruitment_date"].SetText(tr.Date(p.RecruitmentDate))
	s.fields["children_count"].SetText(fmt.Sprint(p.ChildrenCount))
	s.submit.Enable()
}

func (s *confirm) onConfirm() {
	if s.profile == nil || s.created != nil {
		return
	}
	if s.key == "" {
		s.key = s.req.NewIdempotencyKey()
	}
	body := api.CreateReimbursementRequest{Kind: s.kind, ConfirmedProfile: *s.profile}
	key := s.key
	var r api.Reimbursement
	s.run(func(ctx context.Context) (err error) {
		r, err = s.req.CreateReimbursement(ctx, key, body)
		return err
	}, func(err error) {
		var ae *api.Error
		switch {
		case err == nil:
			s.created = &r
			s.submit.Disable()
			s.back.Disable()
			s.showInstructions(r)
		case errors.As(err, &ae) && ae.Code == api.CodeProfileChanged && ae.CurrentProfile != nil:
			// New data, new attempt: confirming them must not replay the
			// old body under the old key.
			s.key = ""
			s.setProfile(*ae.CurrentProfile)
			s.say(s.env.T("error.profile_changed"))
		case errors.As(err, &ae) && ae.Code == api.CodeAlreadyRequested:
			s.say(s.env.Describe(err))
			s.submit.Disable()
			if ae.RequestID != 0 {
				id := ae.RequestID
				s.track.OnTapped = func() { s.env.Go(Request(id)) }
				s.track.Show()
			}
		default:
			s.fail(err, s.onConfirm)
		}
	})
}
