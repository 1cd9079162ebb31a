package screens

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/fos-mobile/fos/api"
)

// The photos screen's picker, and the agents' answer on one document
// (the sentences are translations/precheck.go's, shared with the portal
// and the mails).

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
