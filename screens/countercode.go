package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// qrSize is the QR code's side on the request screen: large enough for an
// agent's scanner held at arm's length, small enough for a phone's width.
const qrSize = 200

// counterDetails is what the request screen adds for a request on its
// way: the server's estimate of when it will be paid, and the signed code
// (api.Reimbursement.CounterCode) as a QR code for the head office's
// counter, whose scanner reads it and whose server checks its signature.
// Final requests get neither.
func counterDetails(env *Env, r api.Reimbursement) []fyne.CanvasObject {
	if r.Status.Final() {
		return nil
	}
	var out []fyne.CanvasObject
	if r.EstimatedPaymentDate != nil {
		out = append(out, text(env, env.T("request.estimated_payment", env.Tr.Date(*r.EstimatedPaymentDate))))
	}
	if r.CounterCode != "" {
		if qr := uikit.NewQRCode(r.CounterCode, qrSize); qr != nil {
			out = append(out, text(env, env.T("request.counter_code")), container.NewCenter(qr))
		}
	}
	return out
}

// isNew reports whether request id changed since the member last opened
// it (Env.IsNew), for "Mes demandes".
func (e *Env) isNew(id int64) bool { return e.IsNew != nil && e.IsNew(id) }
