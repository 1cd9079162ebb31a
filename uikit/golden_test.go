package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// goldenScreen is a phone-wide column of mixed-direction texts, the kind
// the deposit instructions and the tracked request show.
func goldenScreen(tr *translations.Translator, lines ...string) fyne.CanvasObject {
	box := container.NewVBox(NewTextStyle(tr, lines[0], fyne.TextStyle{Bold: true}, theme.SizeNameSubHeadingText))
	for _, l := range lines[1:] {
		box.Add(NewText(tr, l))
	}
	return box
}

func TestTextGolden(t *testing.T) {
	d := api.Date{Year: 2026, Month: 9, Day: 15}
	for _, tc := range []struct {
		file  string
		lang  translations.Lang
		lines func(tr *translations.Translator) []string
	}{
		{"text_ar.png", translations.AR, func(tr *translations.Translator) []string {
			return []string{
				"ملف التعويض EST-2026-000123",
				"آخر أجل للإيداع: " + tr.Date(d) + " (" + tr.InDays(12) + ")",
				"المبلغ الموافق عليه: " + tr.Money(123450),
				"منخرط في CNSS، الرقم 15/09/2026",
				"يجب إيداع الوثائق الأصلية التي تثبت الأداء بمقر المؤسسة مع ذكر المرجع EST-2026-000123",
			}
		}},
		{"text_fr.png", translations.FR, func(tr *translations.Translator) []string {
			return []string{
				"Dossier EST-2026-000123",
				"Date limite de dépôt : " + tr.Date(d) + " (" + tr.InDays(12) + ")",
				"Montant approuvé : " + tr.Money(123450),
				"Langue : العربية (AR), nom : محمد 12",
				"Déposez les pièces originales au siège de la Fondation en rappelant la référence EST-2026-000123",
			}
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			tr := newTestUI(t, tc.lang)
			img := renderOn(t, theme.Color(theme.ColorNameBackground), goldenScreen(tr, tc.lines(tr)...), fyne.NewSize(360, 340))
			test.AssertImageMatches(t, tc.file, img)
		})
	}
}
