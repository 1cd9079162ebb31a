package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// instructionsContent is the deposit instructions: the reference, the
// deadline with "dans N jours", the original documents to deposit and the
// foundation's address.
func instructionsContent(env *Env, r api.Reimbursement) fyne.CanvasObject {
	box := container.NewVBox(
		text(env, env.T("instructions.intro")),
		text(env, env.T("instructions.reference", r.Reference)),
		text(env, env.T("instructions.deadline", deadline(env, r.DepositDeadline))),
	)
	documents(env, box, r)
	box.Add(bold(env, env.T("instructions.address")))
	box.Add(text(env, localized(env, r.DepositLocation)))
	return box
}

// documents adds the original documents to deposit to box, under their
// heading. The deposit sheet and the tracked request both show them.
func documents(env *Env, box *fyne.Container, r api.Reimbursement) {
	bullets(env, box, env.T("instructions.documents"), localizedList(env, r.RequiredDocuments))
}

// bullets adds a bold heading and one bulleted line per item to box.
func bullets(env *Env, box *fyne.Container, title string, items []string) {
	box.Add(bold(env, title))
	for _, d := range items {
		box.Add(text(env, env.T("instructions.bullet", d)))
	}
}

// bold is a bold line of body text.
func bold(env *Env, s string) *uikit.Text {
	return uikit.NewTextStyle(env.Tr, s, fyne.TextStyle{Bold: true}, theme.SizeNameText)
}

// showInstructions puts the deposit instructions in place of the form: a
// full-screen sheet whose body scrolls, with "Fermer" always in reach at
// the bottom. "Fermer" (or the back key) sends the local notification
// "Dossier de remboursement ouvert" and opens the tracked request.
func (s *confirm) showInstructions(r api.Reimbursement) {
	env := s.env
	closeSheet := func() {
		env.notify(env.T("notify.opened.title"), env.T("notify.opened.body", r.Reference))
		env.Go(Request(r.ID))
	}
	done := widget.NewButton(env.T("action.close"), closeSheet)
	done.Importance = widget.HighImportance
	top := container.NewVBox(heading(env, env.T("instructions.title")), widget.NewSeparator())
	s.sheet = container.NewBorder(top, container.NewPadded(done), nil, nil,
		container.NewVScroll(instructionsContent(env, r)))
	s.onBack, s.backButton = closeSheet, nil
	s.root.Objects = []fyne.CanvasObject{s.sheet}
	s.root.Refresh()
}
