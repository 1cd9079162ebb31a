package app

import (
	"context"
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/countercode"
	"github.com/fos-mobile/fos/server/testserver"
)

// TestCounterQRRoundTrip: the request screen shows the server's signed
// counter code as a QR code; the window, rendered as a phone shows it, is
// decoded by a QR reader, and the server's key verifies what it read. The
// screen also says when the payment is expected.
func TestCounterQRRoundTrip(t *testing.T) {
	for _, locale := range []string{"fr_MA.UTF-8", "ar_MA.UTF-8"} {
		t.Run(locale, func(t *testing.T) {
			srv := testserver.New(t)
			f := startOn(t, srv, srv.URL, device{dir: t.TempDir()}, locale)
			f.login(srv.Member.Identifier, srv.Member.Password)
			r := ask(t, f.backend)
			one, _, _, err := f.backend.Reimbursement(context.Background(), r.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			if one.CounterCode == "" || one.EstimatedPaymentDate == nil {
				t.Fatalf("the server gave no counter code or estimate: %+v", one)
			}
			f.app.ToRequest(r.ID)
			f.settle()
			f.see("request.estimated_payment", f.tr.Date(*one.EstimatedPaymentDate))
			f.see("request.counter_code")
			if qrImages(f.app.Window().Content()) != 1 {
				t.Fatal("no QR code on the request screen")
			}

			w := f.app.Window()
			w.Resize(fyne.NewSize(400, 2400)) // all of the screen, at phone width
			text := decodeQR(t, w.Canvas().Capture())
			key, err := srv.Store.ServerKey(context.Background(), countercode.KeyName)
			if err != nil {
				t.Fatal(err)
			}
			ref, signed, err := countercode.Parse(key, text)
			if err != nil || !signed || ref != r.Reference {
				t.Fatalf("decoded %q: reference %q signed %v err %v; want %s signed", text, ref, signed, err, r.Reference)
			}
			if _, _, err := countercode.Parse(make([]byte, 32), text); err == nil {
				t.Fatal("another key accepts the code")
			}

			// Once final, neither the code nor the estimate is shown.
			srv.AgentDo(t, r.ID, "reject", api.RejectRequest{Reason: "Factures illisibles"})
			f.waitNotified()
			f.waitFor("the rejection", func() bool { return shows(w, f.tr.T("status.rejected")) })
			if qrImages(w.Content()) != 0 || shows(w, f.tr.T("request.counter_code")) {
				t.Fatal("a rejected request still shows its counter code")
			}
		})
	}
}

// qrImages counts the visible images in o drawn from pixels (icons are
// drawn from resources).
func qrImages(o fyne.CanvasObject) int {
	n := 0
	for _, x := range test.LaidOutObjects(o) {
		if img, ok := x.(*canvas.Image); ok && img.Visible() && img.Image != nil && img.Resource == nil {
			n++
		}
	}
	return n
}

// decodeQR reads the QR code in img with ZXing's reader.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code found in the rendered screen: %v", err)
	}
	return res.GetText()
}
