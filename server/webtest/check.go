package webtest

import "strings"

// CheckPage checks the tab's current page as every web surface's pages
// are checked (the portal's and the console's TestEveryPage), and reports
// each failure with t.Errorf under name and lang:
//   - axe-core (AxeTags: WCAG 2.2 A and AA, best practices) finds nothing;
//   - nothing scrolls sideways at the tab's width (320 CSS px in those
//     tests): a wide table scrolls inside its own region instead;
//   - the page says its language and direction (lang "fr" is ltr, "ar"
//     rtl);
//   - it has one h1 and a skip link to its main content (#main).
func (b *Tab) CheckPage(name, lang string) {
	b.T.Helper()
	if vs := b.Axe(); len(vs) > 0 {
		var s []string
		for _, v := range vs {
			s = append(s, v.String())
		}
		b.T.Errorf("%s (%s): axe-core finds %d violations:\n%s", name, lang, len(vs), strings.Join(s, "\n"))
	}
	if got := b.Eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); got != "0" {
		b.T.Errorf("%s (%s): scrolls %s px sideways at %s px; sticking out: %s", name, lang, got,
			b.Eval(`String(document.documentElement.clientWidth)`), b.Eval(StickingOut))
	}
	want := lang + " " + map[string]string{"fr": "ltr", "ar": "rtl"}[lang]
	if got := b.Eval(`document.documentElement.lang + " " + document.documentElement.dir`); got != want {
		b.T.Errorf("%s: lang and dir %q, want %q", name, got, want)
	}
	if got := b.Eval(`String(document.querySelectorAll("h1").length) + " " + (document.querySelector("a.skip") || {}).hash`); got != "1 #main" {
		b.T.Errorf("%s: h1 count and skip link %q, want 1 and #main", name, got)
	}
}

// StickingOut is a script naming the first elements that reach outside
// the window while their parent does not, outside any scrolling region:
// where a page's sideways scroll comes from; "nothing" when none does.
const StickingOut = `(() => { const w = document.documentElement.clientWidth; const out = [];
	const outside = el => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > w + 1 || r.left < -1); };
	const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
		if (getComputedStyle(p).overflowX !== "visible") return true; } return false; };
	for (const el of document.querySelectorAll("body *")) {
		if (outside(el) && !(el.parentElement && outside(el.parentElement)) && !clipped(el)) {
			const r = el.getBoundingClientRect();
			out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "") +
				" " + Math.round(r.left) + ".." + Math.round(r.right));
		}
	}
	return out.slice(0, 4).join(", ") || "nothing"; })()`
