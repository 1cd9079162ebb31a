package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

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
		uikit.NewTextStyle(env.Tr, env.T("instructions.documents"), fyne.TextStyle{Bold: true}, theme.SizeNameText),
	)
	for _, d := range localizedList(env, r.RequiredDocuments) {
		box.Add(text(env, env.T("instructions.bullet", d)))
	}
	box.Add(uikit.NewTextStyle(env.Tr, env.T("instructions.address"), fyne.TextStyle{Bold: true}, theme.SizeNameText))
	box.Add(text(env, localized(env, r.DepositLocation)))
	return box
}

// showInstructions shows the deposit dialog; "Fermer" sends the local
// notification "Dossier de remboursement ouvert" and opens the tracked
// request.
func (s *confirm) showInstructions(r api.Reimbursement) {
	env := s.env
	s.dialog = uikit.ShowInfo(env.Tr, env.T("instructions.title"), instructionsContent(env, r), env.T("action.close"), func() {
		env.notify(env.T("notify.opened.title"), env.T("notify.opened.body", r.Reference))
		env.Nav.ToRequest(r.ID)
	}, env.Win)
}
