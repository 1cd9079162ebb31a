package app

import (
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/screens"
)

// TestBackKeyClosesADialogFirst: on the tracked request, the back key
// closes the cancel confirmation without cancelling, and only the next
// press leaves the screen.
func TestBackKeyClosesADialogFirst(t *testing.T) {
	f := newFlow(t, "ar_MA.UTF-8")
	f.login(f.srv.Member.Identifier, f.srv.Member.Password)
	r := ask(t, f.backend)
	f.app.Go(screens.Request(r.ID))
	f.settle()
	f.tap("request.cancel")
	if f.app.Window().Canvas().Overlays().Top() == nil {
		t.Fatal("no confirmation")
	}
	back(f)
	if f.app.Window().Canvas().Overlays().Top() != nil {
		t.Fatal("the back key left the confirmation open")
	}
	f.see("status.awaiting_documents")
	got, _, _, err := f.backend.Reimbursement(t.Context(), r.ID, "")
	if err != nil || got.Status != api.StatusAwaitingDocuments {
		t.Fatalf("after back on the confirmation: %v, %v", got.Status, err)
	}
	back(f)
	f.see("estivage.mine")
	if f.left != 0 {
		t.Fatal("the back key left the app")
	}
}
