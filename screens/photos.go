package screens

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/draw"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/internal/imaging"
	"github.com/fos-mobile/fos/uikit"
)

// Photos of an original are shrunk on the phone before they travel: a
// 5 MB photo goes as about 400 KB.
const (
	photoMaxSide = 2000
	photoQuality = 85
	// photoKeep is the size under which an upright JPEG small enough is
	// sent as it is.
	photoKeep = 1 << 20
	thumbSide = 56
)

// photos is "Photos de vos justificatifs": for each original of the
// request's list, the pages sent with their thumbnail and state, the
// agent's answer, "Ajouter une page" (the system's picker), a progress
// bar while a page travels, and the removal of a page no agent has seen.
type photos struct {
	base
	api     PhotoSender
	id      int64
	req     *api.Reimbursement
	pages   []api.Page
	thumbs  map[int64]image.Image
	docs    *fyne.Container
	sending *fyne.Container
	bar     *widget.ProgressBar
	refresh *widget.Button
	content fyne.CanvasObject
	// adds are the documents' "Ajouter une page" buttons; removes the
	// pages' "Retirer", by page id. Tests tap them.
	adds    []*widget.Button
	removes map[int64]*widget.Button
}

// PhotoSender is what the photos screen asks of the API.
type PhotoSender interface {
	Tracker
	Pager
}

// Photos is the route to the photos of request id.
func Photos(id int64) Route {
	return Route{fmt.Sprintf("photos:%d", id), func(env *Env) Screen { return NewPhotos(env, env.API, id) }}
}

// NewPhotos builds the photos screen of request id and loads it.
func NewPhotos(env *Env, ps PhotoSender, id int64) Screen {
	s := &photos{base: newBase(env), api: ps, id: id, thumbs: map[int64]image.Image{}, removes: map[int64]*widget.Button{}}
	s.initRetry()
	s.docs = container.NewVBox()
	s.bar = widget.NewProgressBar()
	s.sending = container.NewVBox(text(env, env.T("photos.sending")), s.bar)
	s.sending.Hide()
	s.refresh = refreshButton(s.load)
	s.guard(s.refresh)
	s.content = page(
		s.header(env.T("photos.title"), func() { env.Go(Request(id)) }, s.refresh),
		text(env, env.T("photos.intro")),
		s.sending,
		s.base.status(),
		s.docs,
	)
	s.load()
	return s
}

// Content implements Screen.
func (s *photos) Content() fyne.CanvasObject { return s.content }

// load reads the request and its pages, and the thumbnails not seen yet.
func (s *photos) load() {
	var r api.Reimbursement
	var l api.PageList
	thumbs := map[int64]image.Image{}
	s.run(func(ctx context.Context) (err error) {
		if r, _, _, err = s.api.Reimbursement(ctx, s.id, ""); err != nil {
			return err
		}
		if l, err = s.api.Pages(ctx, s.id); err != nil {
			return err
		}
		for _, p := range l.Items {
			if _, ok := s.thumbs[p.ID]; ok || !strings.HasPrefix(p.ContentType, "image/") {
				continue
			}
			// The server's thumbnail (about 15 KB, upright), not the page
			// (about 400 KB): a list of eight pages stays light on a phone.
			b, err := s.api.PageThumbnail(ctx, s.id, p.ID)
			if err != nil {
				return err
			}
			thumbs[p.ID] = thumbnail(b)
		}
		return nil
	}, func(err error) {
		if err != nil {
			s.fail(err, s.load)
			return
		}
		for id, t := range thumbs {
			s.thumbs[id] = t
		}
		s.req, s.pages = &r, l.Items
		s.show()
	})
}

// show lays out each document with its answer, its pages and its button.
func (s *photos) show() {
	env, r := s.env, s.req
	s.docs.RemoveAll()
	s.adds = s.adds[:0]
	clear(s.removes)
	open := r.Status == api.StatusAwaitingDocuments && len(s.pages) < api.MaxPagesPerRequest
	for i, name := range localizedList(env, r.RequiredDocuments) {
		s.docs.Add(widget.NewSeparator())
		s.docs.Add(bold(env, name))
		if c := documentCheck(r, i); c != nil {
			s.docs.Add(text(env, env.Tr.DocumentAnswer(*c)))
		}
		n := 0
		for _, p := range s.pages {
			if p.Document == i {
				s.docs.Add(s.pageRow(p))
				n++
			}
		}
		if n == 0 {
			s.docs.Add(text(env, env.T("photos.none")))
		}
		add := widget.NewButtonWithIcon(env.T("photos.add"), theme.ContentAddIcon(), func() { s.onAdd(i) })
		if !open {
			add.Disable()
		}
		s.adds = append(s.adds, add)
		s.docs.Add(add)
	}
}

// pageRow is a page's thumbnail, number and state, and "Retirer" while
// its member may still remove it.
func (s *photos) pageRow(p api.Page) fyne.CanvasObject {
	env := s.env
	var thumb fyne.CanvasObject = widget.NewIcon(theme.FileIcon())
	if img := s.thumbs[p.ID]; img != nil {
		c := canvas.NewImageFromImage(img)
		c.FillMode = canvas.ImageFillContain
		thumb = c
	}
	box := container.NewGridWrap(fyne.NewSize(thumbSide, thumbSide), thumb)
	// The reason of a page to redo is its document's, said above it.
	line := env.T("photos.page", p.Number, env.T("page."+string(p.State)))
	var trailing fyne.CanvasObject
	if (p.State == api.PageSent || p.State == api.PageRedo) && s.req.Status == api.StatusAwaitingDocuments {
		rm := widget.NewButtonWithIcon(env.T("photos.remove"), theme.DeleteIcon(), func() { s.onRemove(p.ID) })
		rm.Importance = widget.LowImportance
		s.removes[p.ID] = rm
		trailing = rm
	}
	label := text(env, line)
	label.SetMinWidthEms(8) // beside the thumbnail and "Retirer" on a small phone
	return uikit.Border(env.Tr, nil, nil, box, trailing, label)
}

// onAdd opens the picker for document doc, then sends what was picked.
func (s *photos) onAdd(doc int) {
	s.env.pick(func(name string, data []byte, err error) {
		switch {
		case err != nil:
			s.say(s.env.T("photos.unreadable"))
		case data != nil:
			s.send(doc, name, data, s.api.NewIdempotencyKey())
		}
	})
}

// send shrinks a picked photo and uploads it under key, which a retry
// keeps: the server then stores the page once, however often it is sent.
func (s *photos) send(doc int, name string, data []byte, key string) {
	ctx := s.ctx
	s.bar.SetValue(0)
	s.sending.Show()
	var sent api.Page
	var thumb image.Image
	s.run(func(ctx context.Context) error {
		if small, ok, err := imaging.Shrink(data, photoMaxSide, photoQuality, photoKeep); err == nil {
			data, thumb = small, thumbnail(small)
			if ok {
				name = strings.TrimSuffix(name, path.Ext(name)) + ".jpg"
			}
		}
		var err error
		sent, err = s.api.UploadPage(ctx, s.id, doc, name, key, data, func(done, total int64) {
			s.env.do(func() {
				if ctx.Err() == nil && total > 0 {
					s.bar.SetValue(float64(done) / float64(total))
				}
			})
		})
		return err
	}, func(err error) {
		if ctx.Err() != nil {
			return
		}
		s.sending.Hide()
		if err != nil {
			s.fail(err, func() { s.send(doc, name, data, key) })
			return
		}
		if thumb != nil {
			s.thumbs[sent.ID] = thumb
		}
		s.load()
		s.say(s.env.T("photos.sent"))
	})
}

func (s *photos) onRemove(page int64) {
	s.run(func(ctx context.Context) error {
		return s.api.DeletePage(ctx, s.id, page)
	}, func(err error) {
		if err != nil {
			s.fail(err, nil)
			return
		}
		delete(s.thumbs, page)
		s.load()
		s.say(s.env.T("photos.removed"))
	})
}

// thumbnail is a small copy of an image's bytes, or nil.
func thumbnail(b []byte) image.Image {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width*cfg.Height > 50_000_000 {
		return nil
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	w, h := cfg.Width, cfg.Height
	side := 2 * thumbSide // sharp on a dense screen
	if w >= h {
		w, h = side, max(1, h*side/w)
	} else {
		w, h = max(1, w*side/h), side
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(out, out.Bounds(), img, img.Bounds(), draw.Src, nil)
	return out
}
