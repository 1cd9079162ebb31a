package screens

import (
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/translations"
)

// update rewrites the golden files: go test ./screens -run Golden -update
var update = flag.Bool("update", false, "rewrite screens/testdata golden files")

// goldenScreens builds every screen with fixed data.
var goldenScreens = []struct {
	name  string
	build func(h *harness) Screen
	// after runs once the screen is shown (to open a dialog, …).
	after func(t *testing.T, h *harness, s Screen)
}{
	{"login", func(h *harness) Screen { return NewLogin(h.env, &fake{}, "", "1234567") }, nil},
	{"recover", func(h *harness) Screen { return NewRecover(h.env, &fake{}, "1234567") }, nil},
	{"recover_code", func(h *harness) Screen { return NewRecoverCode(h.env, &fake{}, "1234567") }, nil},
	{"services", func(h *harness) Screen { return NewServices(h.env, servicesFake()) }, nil},
	{"settings", func(h *harness) Screen { return NewSettings(h.env, settingsFake(true)) }, nil},
	{"estivage", func(h *harness) Screen {
		return NewEstivage(h.env, &fake{estivage: func() (api.Estivage, error) {
			return api.Estivage{Season: 2026, Windows: []api.Window{demoWindow(api.KindSummer), demoWindow(api.KindOffSeason)}}, nil
		}})
	}, nil},
	{"confirm", func(h *harness) Screen { return NewConfirm(h.env, confirmFake(), api.KindSummer) }, nil},
	{"instructions", func(h *harness) Screen { return NewConfirm(h.env, confirmFake(), api.KindSummer) },
		func(t *testing.T, h *harness, s Screen) { test.Tap(s.(*confirm).submit); h.settle() }},
	{"request", func(h *harness) Screen {
		return NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) {
			return demoRequest(api.StatusApproved), `"v"`, false, nil
		}}, 7)
	}, nil},
	{"request_awaiting", func(h *harness) Screen {
		return NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) {
			return demoRequest(api.StatusAwaitingDocuments), `"v"`, false, nil
		}}, 7)
	}, nil},
	{"request_missing", func(h *harness) Screen {
		return NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) {
			return demoMissing(), `"v"`, false, nil
		}}, 7)
	}, nil},
	{"request_counter", func(h *harness) Screen {
		return NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) {
			r := demoRequest(api.StatusDocumentsReceived)
			pay := api.Date{Year: 2026, Month: 8, Day: 20}
			r.EstimatedPaymentDate, r.CounterCode = &pay, "EST-2026-000123.ABCDEFGH"
			return r, `"v"`, false, nil
		}}, 7)
	}, nil},
	{"request_rejected", func(h *harness) Screen {
		return NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) {
			r := demoRequest(api.StatusDocumentsReceived)
			r.Status, r.ReasonCode, r.Reason = api.StatusRejected, api.ReasonInvoiceOutOfPeriod, "Facture du 20 septembre"
			r.Events = append(r.Events, api.Event{Status: api.StatusRejected, At: fixedNow.Add(72 * time.Hour), Actor: api.ActorAgent})
			return r, `"v"`, false, nil
		}}, 7)
	}, nil},
	{"request_redo", func(h *harness) Screen {
		return NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) {
			return demoPrecheck(false), `"v"`, false, nil
		}}, 7)
	}, nil},
	{"request_complete", func(h *harness) Screen {
		return NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) {
			return demoPrecheck(true), `"v"`, false, nil
		}}, 7)
	}, nil},
	{"photos", func(h *harness) Screen {
		ps := newPhotoServer(demoPrecheck(false))
		ps.pages = []api.Page{
			{ID: 1, Document: 0, Number: 1, ContentType: "image/jpeg", State: api.PageRedo, ReasonCode: api.RedoUnreadable},
			{ID: 2, Document: 0, Number: 2, ContentType: "image/jpeg", State: api.PageSent},
			{ID: 3, Document: 1, Number: 1, ContentType: "application/pdf", State: api.PageAccepted},
		}
		ps.data[1] = attachmenttest.JPEG(attachmenttest.Picture(300, 400, 1), 80)
		ps.data[2] = attachmenttest.JPEG(attachmenttest.Picture(400, 300, 2), 80)
		return NewPhotos(h.env, ps.fake(), 7)
	}, nil},
	{"privacy", func(h *harness) Screen { return NewPrivacy(h.env, &fake{privacy: demoPrivacy}, Login("", "")) }, nil},
	{"mydata", func(h *harness) Screen { return NewMyData(h.env, &fake{}, Services()) }, nil},
	{"rectify", func(h *harness) Screen { return NewRectify(h.env, &fake{privacy: demoPrivacy}, api.KindSummer) }, nil},
	{"requests", func(h *harness) Screen {
		return NewRequests(h.env, &fake{list: func() (api.ReimbursementList, error) {
			return api.ReimbursementList{Items: []api.Reimbursement{demoRequest(api.StatusAwaitingDocuments)}}, nil
		}}, false)
	}, nil},
}

// eachScreen runs f on every golden screen, in French and Arabic, at
// both phone sizes, once the screen is shown and laid out.
func eachScreen(t *testing.T, f func(t *testing.T, name string, h *harness, s Screen)) {
	for _, lang := range []translations.Lang{translations.FR, translations.AR} {
		for _, size := range phones {
			for _, g := range goldenScreens {
				name := fmt.Sprintf("%s_%s_%.0f", g.name, lang, size.Width)
				t.Run(name, func(t *testing.T) {
					h := newHarness(t, lang)
					h.win.Resize(size)
					h.env.PollEvery = 1 << 62 // no poll during the rendering
					s := g.build(h)
					h.show(t, s)
					if g.after != nil {
						g.after(t, h, s)
					}
					// The test window grows to the content's minimum size; a
					// phone's screen does not.
					if got := h.win.Canvas().Size(); got != size {
						t.Errorf("the screen needs %v, more than a phone's %v", got, size)
					}
					f(t, name, h, s)
				})
			}
		}
	}
}

func TestGoldenScreens(t *testing.T) {
	eachScreen(t, func(t *testing.T, name string, h *harness, _ Screen) {
		c := h.win.Canvas()
		if *update {
			writeGolden(t, name, c)
			return
		}
		test.AssertRendersToMarkup(t, name+".xml", c)
		test.AssertRendersToImage(t, name+".png", c)
	})
}

func writeGolden(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", name+".xml"), []byte(test.RenderToMarkup(c)), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join("testdata", name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, c.Capture()); err != nil {
		t.Fatal(err)
	}
}

func TestArabicScreensAreMirrored(t *testing.T) {
	for _, tc := range []struct {
		lang      translations.Lang
		backRight bool
	}{{translations.FR, false}, {translations.AR, true}} {
		h := newHarness(t, tc.lang)
		s := goldenScreens[5].build(h).(*estivage) // the Estivage menu
		h.show(t, s)
		back := s.backButton
		refresh := s.refresh
		d := fyne.CurrentApp().Driver()
		bx, rx := d.AbsolutePositionForObject(back).X, d.AbsolutePositionForObject(refresh).X
		if (bx > rx) != tc.backRight {
			t.Fatalf("%s: back button at x=%v, refresh at x=%v", tc.lang, bx, rx)
		}
	}
}
