package screens

import (
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/fos-mobile/fos/api"
)

// The agents' pre-check of the photos, as the request and photos screens
// say it.

// precheckLine is the agent's answer the request screen leads with: "Vos
// justificatifs sont complets : déposez les originaux avant le …" once
// every document is complete, "Justificatif à refaire : …" while one is to
// be redone; "" before any answer, once the originals are no longer
// awaited, or while the answers are only partial.
func precheckLine(env *Env, r api.Reimbursement) string {
	if r.Precheck == nil || r.Status != api.StatusAwaitingDocuments {
		return ""
	}
	if r.Precheck.Complete {
		return env.T("precheck.complete", env.Tr.Date(r.DepositDeadline))
	}
	docs := localizedList(env, r.RequiredDocuments)
	var redo []string
	for _, c := range r.Precheck.Documents {
		if c.Result == api.CheckRedo && c.Document < len(docs) {
			redo = append(redo, docs[c.Document]+" — "+redoReason(env, c.ReasonCode, c.Reason))
		}
	}
	if len(redo) == 0 {
		return ""
	}
	return env.T("precheck.redo", strings.Join(redo, " ; "))
}

// documentCheck is the answer on document i, or nil.
func documentCheck(r *api.Reimbursement, i int) *api.DocumentCheck {
	if r.Precheck == nil {
		return nil
	}
	for k := range r.Precheck.Documents {
		if r.Precheck.Documents[k].Document == i {
			return &r.Precheck.Documents[k]
		}
	}
	return nil
}

// checkLine is a document's answer on the photos screen.
func checkLine(env *Env, c api.DocumentCheck) string {
	if c.Result == api.CheckComplete {
		return env.T("photos.doc_complete")
	}
	return env.T("photos.doc_redo", redoReason(env, c.ReasonCode, c.Reason))
}

// redoReason is why a document is to be redone: the reason translated,
// then the agent's words quoted.
func redoReason(env *Env, code api.RedoReason, text string) string {
	key := "redo." + string(code)
	reason := env.T(key)
	if !code.Valid() || reason == key {
		reason = env.T("redo.other")
	}
	if text != "" {
		return env.T("reason.with_text", reason, text)
	}
	return reason
}

// pickExtensions are the files the picker offers.
var pickExtensions = []string{".jpg", ".jpeg", ".png", ".webp", ".pdf", ".JPG", ".JPEG", ".PNG", ".WEBP", ".PDF"}

// maxPick bounds what is read of a picked file: a phone's photo before
// shrinking can be larger than the 8 MB a page may be.
const maxPick = 48 << 20

// pick asks the member for a photo or a PDF: env.Pick when set (tests),
// else Fyne's file dialog, which on Android and iOS is the system's
// picker. done gets the file's name and bytes, nothing when the member
// cancelled, or an error when it could not be read.
func (e *Env) pick(done func(name string, data []byte, err error)) {
	if e.Pick != nil {
		e.Pick(done)
		return
	}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			done("", nil, err)
			return
		}
		defer rc.Close()
		data, err := io.ReadAll(io.LimitReader(rc, maxPick))
		done(rc.URI().Name(), data, err)
	}, e.Win)
	d.SetFilter(storage.NewExtensionFileFilter(pickExtensions))
	d.Show()
}
