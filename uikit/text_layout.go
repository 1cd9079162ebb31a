package uikit

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/text/unicode/bidi"
)

// placed is one directional run of one line, ready to draw.
type placed struct {
	start, end int // rune offsets in the whole text
	level      int8
	line       int
	obj        *canvas.Text
}

// textRenderer draws a Text as one canvas.Text per run.
type textRenderer struct {
	x      *Text
	runs   []placed
	objs   []fyne.CanvasObject
	height float32

	// MinSize is asked for often; its last answer is kept.
	minKey minKey
	min    fyne.Size
}

type minKey struct {
	text  string
	width float32
	ems   float32
	rtl   bool
	th    fyne.Theme
}

func (r *textRenderer) Destroy() {}

func (r *textRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *textRenderer) Refresh() {
	r.Layout(r.x.Size())
	canvas.Refresh(r.x)
}

// MinSize is the natural one-line width capped at wrapEms (but never less
// than the widest word), and the height of the lines at the current width,
// or at that minimum width before the first layout.
func (r *textRenderer) MinSize() fyne.Size {
	key := minKey{r.x.Text(), r.x.Size().Width, r.x.ems, r.x.tr.RTL(), r.x.Theme()}
	if key == r.minKey && !r.min.IsZero() {
		return r.min
	}
	r.minKey, r.min = key, r.minSize(key.text)
	return r.min
}

func (r *textRenderer) minSize(text string) fyne.Size {
	size, pad := r.x.metrics()
	runes := []rune(text)
	natural, widest := float32(0), float32(0)
	for _, p := range paragraphs(runes) {
		natural = max(natural, r.measure(runes[p[0]:p[1]]))
		for _, w := range words(runes, p[0], p[1]) {
			widest = max(widest, r.measure(runes[w[0]:trimSpace(runes, w[0], w[1])]))
		}
	}
	w := natural
	if !r.x.noWrap {
		ems := float32(wrapEms)
		if r.x.ems > 0 {
			ems = r.x.ems
		}
		w = max(min(natural, ems*size), widest)
	}
	w += 2 * pad
	at := max(r.x.Size().Width, w)
	return fyne.NewSize(w, r.linesHeight(len(r.breakLines(runes, at-2*pad))))
}

func (r *textRenderer) linesHeight(n int) float32 {
	size, pad := r.x.metrics()
	n = max(n, 1)
	lineH := fyne.MeasureText("", size, r.x.style).Height
	return float32(n)*lineH + float32(n-1)*r.x.Theme().Size(theme.SizeNameLineSpacing) + 2*pad
}

func (r *textRenderer) measure(s []rune) float32 {
	size, _ := r.x.metrics()
	return fyne.MeasureText(string(s), size, r.x.style).Width
}

// Layout resolves, breaks, reorders and places the runs for width s.Width.
func (r *textRenderer) Layout(s fyne.Size) {
	th := r.x.Theme()
	size, pad := r.x.metrics()
	colName := theme.ColorNameForeground
	if r.x.color != "" {
		colName = r.x.color
	}
	fg := th.Color(colName, fyne.CurrentApp().Settings().ThemeVariant())
	runes := []rune(r.x.Text())
	lineH := fyne.MeasureText("", size, r.x.style).Height
	spacing := th.Size(theme.SizeNameLineSpacing)
	rtl := r.x.tr.RTL()
	r.runs, r.objs = r.runs[:0], r.objs[:0]
	avail := s.Width - 2*pad
	lines := r.breakLines(runes, avail)
	for li, ln := range lines {
		res := ln.para
		levels := res.lineLevels(ln.start-ln.pStart, ln.end-ln.pStart)
		segs := levelRuns(levels)
		segLv := make([]int8, len(segs))
		for i, sg := range segs {
			segLv[i] = levels[sg[0]]
		}
		var row []placed
		width := float32(0)
		for _, i := range visualOrder(segLv) {
			lv := segLv[i]
			for _, pc := range facePieces(th.Font(r.x.style), runes, ln.start+segs[i][0], ln.start+segs[i][1], lv) {
				// Spaces at either end are left out of the canvas.Text and
				// drawn as a gap: a leading space can make fyne take the
				// baseline of another font.
				a, b := pc[0], pc[1]
				for a < b && ignoresFace(runes[a]) {
					a++
				}
				for b > a && ignoresFace(runes[b-1]) {
					b--
				}
				before, after := r.measure(runes[pc[0]:a]), r.measure(runes[b:pc[1]])
				if lv%2 == 1 {
					before, after = after, before
				}
				width += before
				if a < b {
					t := canvas.NewText(runText(runes[a:b], lv), fg)
					t.TextStyle, t.TextSize = r.x.style, size
					if r.x.runColor != nil {
						t.Color = r.x.runColor(a, b)
					}
					w := t.MinSize().Width
					t.Resize(fyne.NewSize(w, lineH))
					t.Move(fyne.NewPos(width, baselineShift(th, t.Text, r.x.style, size)))
					width += w
					row = append(row, placed{start: a, end: b, level: lv, line: li, obj: t})
				}
				width += after
			}
		}
		x0 := pad
		if rtl {
			x0 = s.Width - pad - width
		}
		y := pad + float32(li)*(lineH+spacing)
		for _, p := range row {
			p.obj.Move(p.obj.Position().AddXY(x0, y))
			r.runs = append(r.runs, p)
			r.objs = append(r.objs, p.obj)
		}
	}
	r.height = r.linesHeight(len(lines))
}

// runText is what a run hands to canvas.Text. fyne shapes a run holding a
// strong right-to-left letter right to left by itself; a right-to-left run
// of neutrals only (" - ", "(") would be drawn left to right, so it is
// reversed here, brackets mirrored (rule L4 for paired brackets).
func runText(s []rune, level int8) string {
	if level%2 == 0 {
		return string(s)
	}
	for _, c := range s {
		if cl, _ := classOf(c); cl == bidi.R || cl == bidi.AL {
			return string(s)
		}
	}
	return bidi.ReverseString(string(s))
}

// levelRuns splits line levels into maximal runs of one level.
func levelRuns(levels []int8) [][2]int {
	var out [][2]int
	for i := 0; i < len(levels); {
		j := i
		for j < len(levels) && levels[j] == levels[i] {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// line is one displayed line: runes [start, end) of the text, trailing
// spaces left out, in the paragraph resolved from pStart.
type line struct {
	start, end, pStart int
	para               resolved
}

// breakLines resolves each paragraph and breaks it at spaces so that every
// line fits width when possible (a word wider than width gets a line of its
// own).
func (r *textRenderer) breakLines(runes []rune, width float32) []line {
	var out []line
	dir := r.x.dir
	if dir == dirAuto && r.x.tr.RTL() {
		dir = dirRTL
	}
	for _, p := range paragraphs(runes) {
		res := resolveLevels(runes[p[0]:p[1]], dir)
		ws := words(runes, p[0], p[1])
		if len(ws) == 0 {
			out = append(out, line{start: p[0], end: p[0], pStart: p[0], para: res})
			continue
		}
		start := ws[0][0]
		for i := range ws {
			end := trimSpace(runes, start, ws[i][1])
			last := i == len(ws)-1
			if !last && r.measure(runes[start:trimSpace(runes, start, ws[i+1][1])]) <= width {
				continue
			}
			out = append(out, line{start: start, end: end, pStart: p[0], para: res})
			if !last {
				start = ws[i+1][0]
			}
		}
	}
	return out
}

// paragraphs splits runes at line feeds, as [start, end) pairs.
func paragraphs(runes []rune) [][2]int {
	var out [][2]int
	start := 0
	for i, c := range runes {
		if c == '\n' {
			out = append(out, [2]int{start, trimCR(runes, start, i)})
			start = i + 1
		}
	}
	return append(out, [2]int{start, len(runes)})
}

func trimCR(runes []rune, start, end int) int {
	if end > start && runes[end-1] == '\r' {
		return end - 1
	}
	return end
}

// words splits runes [start, end) after each run of white space; each word
// keeps its trailing spaces.
func words(runes []rune, start, end int) [][2]int {
	var out [][2]int
	i := start
	for i < end {
		j := i
		for j < end && !isSpace(runes[j]) {
			j++
		}
		for j < end && isSpace(runes[j]) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// isSpace reports a break opportunity: white space, but not the no-break
// spaces that hold amounts together.
func isSpace(c rune) bool {
	return c != '\u00a0' && c != '\u202f' && strings.ContainsRune(" \t\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000", c)
}

// trimSpace returns end moved back over trailing spaces.
func trimSpace(runes []rune, start, end int) int {
	for end > start && isSpace(runes[end-1]) {
		end--
	}
	return end
}
