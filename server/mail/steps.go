package mail

import (
	"fmt"
	"html"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/translations"
)

// NoticeConfig is what every notice says besides the file.
type NoticeConfig struct {
	// SettingsURL is where a member turns the mails off (the List-Unsubscribe
	// target): a page behind the member's login, never a link that changes
	// anything by itself. Empty: the header is left out.
	SettingsURL string
}

// Notices returns the store's Notifier: the mail of a file's step or of
// its deadline reminder, in the member's language (French for "fr" and
// "en", Arabic for "ar"), plain text with an HTML alternative. It says
// what changed and what to do next with the app's own sentences
// (translations.NextStep), the reference, and where to deposit the
// originals while they are awaited. It holds no password, no token, no
// link that logs in and nothing that tracks a reading.
func Notices(c NoticeConfig) store.Notifier {
	fr, ar := translations.New(translations.FR), translations.New(translations.AR)
	return func(n store.Notice) store.Mail {
		t := fr
		if n.Member.Lang == string(translations.AR) {
			t = ar
		}
		v := noticeView(t, n)
		return store.Mail{To: n.Member.Email, Subject: v.Subject, Body: v.text(), HTML: v.html(), Unsubscribe: c.SettingsURL}
	}
}

// view is a notice's content, already in the member's language.
type view struct {
	Lang, Dir string
	Subject   string
	Greeting  string
	Changed   string // what happened, one sentence
	Missing   []string
	Next      string
	Facts     []fact // reference, amount, dates, where to deposit
	Footer    []string
}

type fact struct{ Label, Value string }

func noticeView(t *translations.Translator, n store.Notice) view {
	r := n.File
	m := mailTexts[t.Lang()]
	kind := t.T("estivage.window." + string(r.Kind))
	state := t.T("status." + string(r.Status))
	missing := t.MissingDocuments(r)
	if len(missing) > 0 {
		state = t.T("event.missing_documents")
	}
	v := view{Lang: string(t.Lang()), Dir: "ltr", Greeting: fmt.Sprintf(m["greeting"], oneLine(n.Member.FirstName), oneLine(n.Member.LastName)),
		Missing: missing, Next: t.NextStep(r, n.Today)}
	if t.RTL() {
		v.Dir = "rtl"
	}
	if n.Kind == store.NoticeReminder {
		v.Subject = fmt.Sprintf(m["subject.reminder"], t.Date(r.DepositDeadline))
		v.Changed = fmt.Sprintf(m["reminder"], r.Reference, kind, t.Date(r.DepositDeadline))
	} else {
		v.Subject = fmt.Sprintf(m["subject.step"], r.Reference, state)
		v.Changed = fmt.Sprintf(m["step"], r.Reference, kind, state)
		// The agents' answer on the photos, when there is one, is the news.
		if a := t.PrecheckAnswer(r); a != "" {
			v.Changed = a
		}
	}
	v.Facts = append(v.Facts, fact{m["reference"], r.Reference})
	switch r.Status {
	case api.StatusAwaitingDocuments:
		v.Facts = append(v.Facts, fact{m["deadline"], t.Date(r.DepositDeadline)}, fact{m["where"], t.Local(r.DepositLocation)})
	case api.StatusPaid:
		v.Facts = append(v.Facts, fact{m["paid_on"], t.Date(api.DateOf(r.UpdatedAt.In(api.Casablanca)))})
	}
	v.Footer = []string{fmt.Sprintf(m["why"], t.T("settings.email_notices"), t.T("settings.title")), m["no_reply"]}
	return v
}

// oneLine keeps a name on its line: whatever the file holds, a line
// break cannot start a paragraph of its own in the mail.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (v view) text() string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s); b.WriteString("\r\n") }
	line(v.Greeting)
	line("")
	line(v.Changed)
	for _, d := range v.Missing {
		line("- " + oneLine(d))
	}
	if v.Next != "" {
		line("")
		line(v.Next)
	}
	line("")
	for _, f := range v.Facts {
		line(f.Label + " : " + oneLine(f.Value))
	}
	line("")
	line("____")
	for _, f := range v.Footer {
		line(f)
	}
	// A reason or a note may hold line breaks: every line ends in CRLF.
	return strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(b.String(), "\r\n", "\n"), "\r", "\n"), "\n", "\r\n")
}

// html is the HTML alternative: no image, no link, no style sheet to
// fetch, every value escaped. It is written by hand rather than through
// html/template, which took a fifth of a 10,000-file payment batch's time:
// every value is text in an element or a quoted attribute, where
// html.EscapeString is the whole of the escaping needed.
func (v view) html() string {
	var b strings.Builder
	b.Grow(2048)
	w := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	e := html.EscapeString
	w(`<!DOCTYPE html>`, "\r\n", `<html lang="`, e(v.Lang), `" dir="`, e(v.Dir), `"><head><meta charset="utf-8"><title>`, e(v.Subject), `</title></head>`, "\r\n",
		`<body style="font-family:sans-serif;line-height:1.5;max-width:40em">`, "\r\n",
		`<p>`, e(v.Greeting), `</p>`, "\r\n", `<p><strong>`, e(v.Changed), `</strong></p>`, "\r\n")
	if len(v.Missing) > 0 {
		w(`<ul>`)
		for _, m := range v.Missing {
			w(`<li>`, e(m), `</li>`)
		}
		w(`</ul>`, "\r\n")
	}
	if v.Next != "" {
		w(`<p>`, e(v.Next), `</p>`, "\r\n")
	}
	w(`<table>`)
	for _, f := range v.Facts {
		w(`<tr><th scope="row" style="text-align:start;padding-inline-end:1em">`, e(f.Label), `</th><td>`, e(f.Value), `</td></tr>`)
	}
	w(`</table>`, "\r\n", `<hr>`, "\r\n")
	for _, f := range v.Footer {
		w(`<p style="color:#555;font-size:smaller">`, e(f), `</p>`, "\r\n")
	}
	w(`</body></html>`, "\r\n")
	return b.String()
}

// mailTexts are the sentences of the notices that the app does not say.
var mailTexts = map[translations.Lang]map[string]string{
	translations.FR: {
		"greeting":         "Bonjour %s %s,",
		"subject.step":     "FOS – Votre demande %s : %s",
		"subject.reminder": "FOS – Rappel : déposez vos originaux avant le %s",
		"step":             "Votre demande %s (%s) est maintenant : %s.",
		"reminder":         "La date limite de dépôt des originaux de votre demande %s (%s) est le %s.",
		"reference":        "Référence",
		"deadline":         "Date limite de dépôt",
		"where":            "Lieu de dépôt",
		"paid_on":          "Payée le",
		"why":              "Vous recevez ce message parce que « %s » est activé dans l'application FOS Mobile (%s). Vous pouvez le désactiver à tout moment.",
		"no_reply":         "Fondation des Œuvres Sociales – ne répondez pas à ce message : cette adresse ne lit pas les réponses.",
	},
	translations.AR: {
		"greeting":         "السلام عليكم %s %s،",
		"subject.step":     "مؤسسة الأعمال الاجتماعية – طلبكم %s: %s",
		"subject.reminder": "مؤسسة الأعمال الاجتماعية – تذكير: أودعوا وثائقكم الأصلية قبل %s",
		"step":             "طلبكم %s (%s) أصبح الآن: %s.",
		"reminder":         "آخر أجل لإيداع الوثائق الأصلية لطلبكم %s (%s) هو %s.",
		"reference":        "المرجع",
		"deadline":         "آخر أجل للإيداع",
		"where":            "مكان الإيداع",
		"paid_on":          "تاريخ الأداء",
		"why":              "توصلتم بهذه الرسالة لأن خيار «%s» مفعل في تطبيق FOS Mobile (%s). يمكنكم إلغاؤه في أي وقت.",
		"no_reply":         "مؤسسة الأعمال الاجتماعية – لا تجيبوا على هذه الرسالة: هذا العنوان لا يقرأ الأجوبة.",
	},
}
