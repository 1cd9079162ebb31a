package console_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/translations"
)

// TestPrecheckTimeline: the file page's timeline says each pre-check in
// the agent's language, through the real router, in French and Arabic:
// the document as the request's list names it, complet or à refaire, the
// reason from the translated list, and the agent's own text escaped;
// an answer stored with the first, English-like note says the same (a
// document no longer on the list by its number), and a note that cannot
// be read is shown as it is. The dashboard names the
// action.
func TestPrecheckTimeline(t *testing.T) {
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	for doc := 0; doc < 2; doc++ {
		e.uploadPage(tok, r.ID, doc, "page.jpg", attachmenttest.JPEG(attachmenttest.Picture(80, 60, uint64(doc+1)), 85))
	}
	h := e.httpClient()
	if code := h.login(e.acc.Agent.Email, e.acc.Agent.Password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	file := fmt.Sprintf("/dossiers/%d", r.ID)
	answer := func(form url.Values) {
		t.Helper()
		_, _, csrf := h.get(file)
		form.Set("csrf", csrf)
		form.Set("version", fmt.Sprint(e.memberView(tok, r.ID).Version))
		if code, body := h.post(file+"/precheck", form); code != http.StatusSeeOther {
			t.Fatalf("precheck %v: %d %.300s", form, code, body)
		}
	}
	answer(url.Values{"document": {"0"}, "result": {"redo"}, "reason": {string(api.RedoUnreadable)}, "text": {xssText}})
	answer(url.Values{"document": {"1"}, "result": {"complete"}})
	agent, err := e.st.AgentByEmail(t.Context(), e.acc.Agent.Email)
	if err != nil {
		t.Fatal(err)
	}
	for _, note := range []string{"document 2: redo (wrong_document): Ce n'est pas le RIB.", "document 9: complete", "illisible ?"} {
		if _, err := e.st.DB().Exec(`INSERT INTO events (reimbursement_id, status, at, note, actor, agent_id, kind)
			VALUES ($1, 'awaiting_documents', 1, $2, 'agent', $3, 'precheck')`, r.ID, note, agent.ID); err != nil {
			t.Fatal(err)
		}
	}

	for _, lang := range []translations.Lang{translations.FR, translations.AR} {
		words := translations.New(lang)
		docs := words.LocalList(r.RequiredDocuments)
		code, body, _ := h.get("/langue?l=" + string(lang) + "&next=" + file)
		if code != http.StatusSeeOther {
			t.Fatalf("language switch: %d", code)
		}
		code, body, _ = h.get(file)
		if code != 200 || !strings.Contains(body, `lang="`+string(lang)+`"`) {
			t.Fatalf("file page in %s: %d", lang, code)
		}
		i, j := strings.Index(body, `id="timeline"`), strings.Index(body, "</ol>")
		if i < 0 || j < i {
			t.Fatal("no timeline")
		}
		raw := body[i:j]
		if strings.Contains(raw, "<script>") || !strings.Contains(raw, "&lt;script&gt;alert(2)&lt;/script&gt;") {
			t.Fatalf("%s: the agent's text is not escaped in the timeline", lang)
		}
		line := html.UnescapeString(raw)
		tr := map[translations.Lang][3]string{
			translations.FR: {"%s : à refaire — %s", "%s : complet", "Document %d"},
			translations.AR: {"%s: يجب إعادتها — %s", "%s: كاملة", "الوثيقة %d"},
		}[lang]
		for _, want := range []string{
			fmt.Sprintf(tr[0], docs[0], words.RedoReason(api.RedoUnreadable, "")), xssText,
			fmt.Sprintf(tr[1], docs[1]),
			fmt.Sprintf(tr[0], docs[1], words.RedoReason(api.RedoWrongDocument, "")), "Ce n'est pas le RIB.",
			fmt.Sprintf(tr[1], fmt.Sprintf(tr[2], 9)), "illisible ?",
		} {
			if !strings.Contains(line, want) {
				t.Errorf("%s: the timeline does not say %q:\n%s", lang, want, line)
			}
		}
		for _, not := range []string{"document 1:", "document 2:", "redo", "complete", "unreadable", "wrong_document"} {
			if strings.Contains(line, not) {
				t.Errorf("%s: the timeline says %q:\n%s", lang, not, line)
			}
		}
		_, dash, _ := h.get("/")
		if want := map[translations.Lang]string{translations.FR: "Pré-contrôle des photos", translations.AR: "المراقبة المسبقة للصور"}[lang]; !strings.Contains(dash, want) {
			t.Errorf("%s: the dashboard's recent actions do not name the pre-check", lang)
		}
	}
}
