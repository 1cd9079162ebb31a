package webtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// The axe-core engine pinned in tools/axe (package-lock.json), which
// tools/axe/install.sh installs (make test runs it).
var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

func axeSource() (string, error) {
	axeOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			axeErr = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				axeErr = fmt.Errorf("no go.mod above the test's directory")
				return
			}
			dir = parent
		}
		b, err := os.ReadFile(filepath.Join(dir, "tools", "axe", "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			axeErr = fmt.Errorf("%w: run tools/axe/install.sh (make test does)", err)
			return
		}
		axeJS = string(b)
	})
	return axeJS, axeErr
}

// AxeTags are the rules run: WCAG 2.0, 2.1 and 2.2, levels A and AA, and
// axe's best practices.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// Violation is one rule axe-core found broken, with the elements.
type Violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
}

// Axe runs axe-core on the tab's current page and returns its violations.
func (b *Tab) Axe() []Violation {
	b.T.Helper()
	src, err := axeSource()
	if err != nil {
		b.T.Fatalf("axe-core: %v", err)
	}
	tags, _ := json.Marshal(AxeTags)
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		b.T.Fatalf("axe-core does not load: %v", err)
	}
	js := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]}).then(r =>
		JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.map(n => n.target.join(" ") + " " + n.html.slice(0, 160))}))))`
	out, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.T.Fatalf("axe-core run: %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		b.T.Fatalf("axe-core result: %v", err)
	}
	return vs
}
