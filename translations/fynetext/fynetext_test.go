package fynetext

import (
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/fos-mobile/fos/translations"
)

// TestApply checks that fyne's own strings follow the app's language
// whatever the system locale, and switch back and forth at run time.
func TestApply(t *testing.T) {
	for _, env := range []struct{ name, lang, language string }{
		{"French system", "fr_FR.UTF-8", ""},
		{"German system (fyne has German)", "de_DE.UTF-8", "de"},
		{"Arabic system", "ar_MA.UTF-8", ""},
		{"unknown system", "ja_JP.UTF-8", ""},
	} {
		t.Run(env.name, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", env.lang)
			t.Setenv("LANGUAGE", env.language)
			Apply(translations.AR)
			for key, want := range map[string]string{"Cancel": "إلغاء", "OK": "حسنا", "Yes": "نعم", "No": "لا", "Confirm": "تأكيد", "Copy": "نسخ"} {
				if got := lang.L(key); got != want {
					t.Errorf("ar: lang.L(%q) = %q, want %q", key, got, want)
				}
			}
			Apply(translations.FR)
			if got, want := lang.L("Cancel"), "Annuler"; got != want {
				t.Errorf("fr: lang.L(Cancel) = %q, want %q", got, want)
			}
			if got, want := lang.X("file.name", "Name"), "Nom"; got != want {
				t.Errorf("fr: lang.X(file.name) = %q, want %q", got, want)
			}
			Apply(translations.EN)
			if got, want := lang.L("Yes"), "Yes"; got != want {
				t.Errorf("en: lang.L(Yes) = %q, want %q", got, want)
			}
		})
	}
}

func TestFyneStringsComplete(t *testing.T) {
	for key := range fyneStrings[translations.EN] {
		for _, l := range []translations.Lang{translations.FR, translations.AR} {
			if fyneStrings[l][key] == "" {
				t.Errorf("%s has no translation of fyne's %q", l, key)
			}
		}
	}
	if len(fyneStrings[translations.AR]) != len(fyneStrings[translations.EN]) || len(fyneStrings[translations.FR]) != len(fyneStrings[translations.EN]) {
		t.Errorf("fyne string tables differ in size: fr %d ar %d en %d", len(fyneStrings[translations.FR]), len(fyneStrings[translations.AR]), len(fyneStrings[translations.EN]))
	}
}
