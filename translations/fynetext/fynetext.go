// Package fynetext translates the strings of fyne's own widgets and dialogs
// ("Cancel", "OK", the entry's context menu, …) into the app's languages.
// It is apart from package translations so that the server, which shares
// the app's words and formats, does not link fyne.
package fynetext

import (
	"encoding/json"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/fos-mobile/fos/translations"
)

// fyneStrings translates the strings fyne's own widgets and dialogs show
// (the message IDs of fyne v2.7.1's lang/translations/base.en.json).
var fyneStrings = map[translations.Lang]map[string]string{
	translations.FR: {
		"Advanced": "Avancé", "Cancel": "Annuler", "Confirm": "Confirmer", "Copy": "Copier",
		"Create Folder": "Créer un dossier", "Cut": "Couper", "Enter filename": "Entrez un nom de fichier",
		"Error": "Erreur", "Favourites": "Favoris", "File": "Fichier", "Folder": "Dossier",
		"New Folder": "Nouveau dossier", "No": "Non", "OK": "OK", "Open": "Ouvrir", "Paste": "Coller",
		"Quit": "Quitter", "Redo": "Rétablir", "Save": "Enregistrer", "Select all": "Tout sélectionner",
		"Show Hidden Files": "Afficher les fichiers cachés", "Undo": "Annuler", "Yes": "Oui",
		"file.name": "Nom", "file.parent": "Parent",
		"monday": "lundi", "tuesday": "mardi", "wednesday": "mercredi", "thursday": "jeudi",
		"friday": "vendredi", "saturday": "samedi", "sunday": "dimanche",
		"monday.short": "lun", "tuesday.short": "mar", "wednesday.short": "mer", "thursday.short": "jeu",
		"friday.short": "ven", "saturday.short": "sam", "sunday.short": "dim",
	},
	translations.AR: {
		"Advanced": "متقدم", "Cancel": "إلغاء", "Confirm": "تأكيد", "Copy": "نسخ",
		"Create Folder": "إنشاء مجلد", "Cut": "قص", "Enter filename": "أدخل اسم الملف",
		"Error": "خطأ", "Favourites": "المفضلة", "File": "ملف", "Folder": "مجلد",
		"New Folder": "مجلد جديد", "No": "لا", "OK": "حسنا", "Open": "فتح", "Paste": "لصق",
		"Quit": "خروج", "Redo": "إعادة", "Save": "حفظ", "Select all": "تحديد الكل",
		"Show Hidden Files": "إظهار الملفات المخفية", "Undo": "تراجع", "Yes": "نعم",
		"file.name": "الاسم", "file.parent": "المجلد الأصل",
		"monday": "الاثنين", "tuesday": "الثلاثاء", "wednesday": "الأربعاء", "thursday": "الخميس",
		"friday": "الجمعة", "saturday": "السبت", "sunday": "الأحد",
		"monday.short": "ن", "tuesday.short": "ث", "wednesday.short": "ر", "thursday.short": "خ",
		"friday.short": "ج", "saturday.short": "س", "sunday.short": "ح",
	},
	translations.EN: {
		"Advanced": "Advanced", "Cancel": "Cancel", "Confirm": "Confirm", "Copy": "Copy",
		"Create Folder": "Create Folder", "Cut": "Cut", "Enter filename": "Enter filename",
		"Error": "Error", "Favourites": "Favourites", "File": "File", "Folder": "Folder",
		"New Folder": "New Folder", "No": "No", "OK": "OK", "Open": "Open", "Paste": "Paste",
		"Quit": "Quit", "Redo": "Redo", "Save": "Save", "Select all": "Select all",
		"Show Hidden Files": "Show Hidden Files", "Undo": "Undo", "Yes": "Yes",
		"file.name": "Name", "file.parent": "Parent",
		"monday": "Monday", "tuesday": "Tuesday", "wednesday": "Wednesday", "thursday": "Thursday",
		"friday": "Friday", "saturday": "Saturday", "sunday": "Sunday",
		"monday.short": "Mon", "tuesday.short": "Tue", "wednesday.short": "Wed", "thursday.short": "Thu",
		"friday.short": "Fri", "saturday.short": "Sat", "sunday.short": "Sun",
	},
}

// fyneLocales are the locales fyne v2.7.1 ships translations for (its
// lang/translations directory), plus Arabic.
var fyneLocales = []fyne.Locale{
	"en", "ar", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans",
}

// Apply makes the strings of fyne's own widgets and dialogs ("Cancel",
// "OK", "Yes", "No", "Confirm", the entry's context menu, …) follow l.
//
// fyne's lang package has no public setter: its localizer is fixed to the
// best match between the system locales (read from the environment on
// desktop, from the OS on Android and iOS) and the locales it holds
// translations for, and it is re-chosen only when translations are added.
// So rather than steering that choice (setting LANGUAGE works on Linux
// only), Apply loads l's strings under every locale the
// localizer can pick: whatever the system locale, fyne then shows the app's
// language. Calling it again with another language switches fyne's strings at once.
//
// fyne's lang state is global and not locked: call Apply on the UI
// goroutine (or before the app runs), typically from an OnChange function.
func Apply(l translations.Lang) {
	data, err := json.Marshal(fyneStrings[l])
	if err != nil {
		fyne.LogError("fynetext: fyne strings", err)
		return
	}
	for _, loc := range fyneLocales {
		if err := lang.AddTranslationsForLocale(data, loc); err != nil {
			fyne.LogError("fynetext: loading fyne strings for "+string(loc), err)
		}
	}
}
