package consoletest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/webtest"
)

// Login logs in on the console at base through its login form and waits
// for the dashboard.
func Login(b *webtest.Tab, base, email, password string) {
	b.T.Helper()
	b.Do(chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		webtest.Submit("login"),
		chromedp.WaitVisible(chromedp.ID("counts")))
}

// Language switches the page shown to lang ("fr" or "ar") with the
// layout's language link, unless it already is in lang, and returns the
// page's direction: "rtl" for Arabic, "ltr" for French. The choice is a
// cookie: it holds for the tab's next pages.
func Language(b *webtest.Tab, lang string) string {
	b.T.Helper()
	if b.Eval(`document.documentElement.lang`) != lang {
		b.Do(webtest.Follow(chromedp.CSS("a.lang")))
	}
	if got := b.Eval(`document.documentElement.lang`); got != lang {
		b.T.Fatalf("console: the language link led to a page in %q, want %q", got, lang)
	}
	return b.Eval(`document.documentElement.dir`)
}

// OpenFile opens the file page of request id on the console at base.
func OpenFile(b *webtest.Tab, base string, id int64) {
	b.T.Helper()
	b.Do(chromedp.Navigate(fmt.Sprintf("%s/dossiers/%d", base, id)), chromedp.WaitVisible(chromedp.ID("status")))
}

// Pages counts the pages the open file page shows for document doc
// (0-based).
func Pages(b *webtest.Tab, doc int) int {
	b.T.Helper()
	n, err := strconv.Atoi(b.Eval(fmt.Sprintf(`String(document.querySelectorAll("#photodoc-%d ul.thumbs li").length)`, doc)))
	if err != nil {
		b.T.Fatal(err)
	}
	return n
}

// Redo answers document doc (0-based) of the open file page "Pré-contrôle :
// à refaire" with reason and text (none when ""), and returns the
// document's answer as the page after saving shows it. It fails the test
// unless the console saved it.
func Redo(b *webtest.Tab, doc int, reason api.RedoReason, text string) string {
	b.T.Helper()
	steps := []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID(fmt.Sprint("redo-reason-", doc)), string(reason))}
	if text != "" {
		steps = append(steps, chromedp.SendKeys(chromedp.ID(fmt.Sprint("redo-text-", doc)), text))
	}
	b.Do(append(steps, webtest.Submit(fmt.Sprint("redo-", doc)))...)
	return saved(b, doc, api.CheckRedo)
}

// Complete answers document doc (0-based) of the open file page
// "Pré-contrôle : complet" and returns the document's answer as the page
// after saving shows it. It fails the test unless the console saved it.
func Complete(b *webtest.Tab, doc int) string {
	b.T.Helper()
	b.Do(webtest.Submit(fmt.Sprint("complete-", doc)))
	return saved(b, doc, api.CheckComplete)
}

// saved checks the page a pre-check led to: the file page with the
// console's confirmation and document doc answered result. On a refusal it
// fails with what the page said.
func saved(b *webtest.Tab, doc int, result api.CheckResult) string {
	b.T.Helper()
	state := b.Eval(fmt.Sprintf(`(() => {
		const a = document.getElementById("answer-%d");
		if (!document.getElementById("flash") || !a) return "";
		return a.className;
	})()`, doc))
	if !strings.Contains(" "+state+" ", " check-"+string(result)+" ") {
		b.T.Fatalf("console: document %d was not saved %s (answer %q) at %s:\n%s", doc, result, state, b.Location(),
			b.Eval(`document.body.innerText.slice(0, 2000)`))
	}
	return b.Text(fmt.Sprint("answer-", doc))
}
