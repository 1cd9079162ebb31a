package screens

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/uikit"
)

// Tasks tracks the goroutines that screens start for network calls, so
// that tests can wait for them. The zero value is ready to use.
type Tasks struct{ wg sync.WaitGroup }

// Go runs f in a new goroutine.
func (t *Tasks) Go(f func()) {
	if t == nil {
		go f()
		return
	}
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		f()
	}()
}

// Wait blocks until every goroutine started by Go has returned.
func (t *Tasks) Wait() {
	if t != nil {
		t.wg.Wait()
	}
}

// base is embedded in every screen: its context (cancelled by Stop), its
// activity indicator and message line, and the controls to disable while a
// call is in flight.
type base struct {
	env      *Env
	ctx      context.Context
	cancel   context.CancelFunc
	activity *widget.Activity
	message  *uikit.Text
	retry    *widget.Button
	onRetry  func()
	controls []fyne.Disableable
	disabled []fyne.Disableable // controls that were enabled when busy began
	busy     bool
	// back is the header's back action, and backButton its arrow (nil
	// without one).
	onBack     func()
	backButton *widget.Button
	// titleEms, when set, is the header title's width instead of
	// headerTitleEms, for a header with more buttons.
	titleEms float32
}

func newBase(env *Env) base {
	ctx, cancel := context.WithCancel(context.Background())
	b := base{env: env, ctx: ctx, cancel: cancel, activity: widget.NewActivity(), message: uikit.NewText(env.Tr, "")}
	b.activity.Hide()
	b.message.Hide()
	return b
}

// initRetry creates the retry button; it must be called on the final
// (addressable) base, since the button's callback refers to it.
func (b *base) initRetry() {
	b.retry = widget.NewButton(b.env.T("action.retry"), func() {
		if b.onRetry != nil {
			b.onRetry()
		}
	})
	b.retry.Hide()
}

// Back implements Backer: the header's back, unless its arrow is disabled
// (a request being sent), when the key does nothing.
func (b *base) Back() bool {
	if b.onBack == nil {
		return false
	}
	if b.backButton == nil || !b.backButton.Disabled() {
		b.onBack()
	}
	return true
}

// Stop implements Screen.
func (b *base) Stop() { b.cancel() }

// guard registers controls that are disabled while a call is in flight.
func (b *base) guard(cs ...fyne.Disableable) { b.controls = append(b.controls, cs...) }

// status shows the activity indicator, the message line and the retry
// button, stacked.
func (b *base) status() fyne.CanvasObject {
	objs := []fyne.CanvasObject{b.activity, b.message}
	if b.retry != nil {
		objs = append(objs, b.retry)
	}
	return container.NewVBox(objs...)
}

func (b *base) setBusy(on bool) {
	if on == b.busy {
		return
	}
	b.busy = on
	if on {
		b.disabled = b.disabled[:0]
		for _, c := range b.controls {
			if !c.Disabled() {
				c.Disable()
				b.disabled = append(b.disabled, c)
			}
		}
		b.activity.Show()
		b.activity.Start()
		return
	}
	for _, c := range b.disabled {
		c.Enable()
	}
	b.disabled = b.disabled[:0]
	b.activity.Stop()
	b.activity.Hide()
}

// run calls work off the UI goroutine and then done on it, unless the
// screen was left in between. The screen shows progress meanwhile, and
// clears the previous message. A call already in flight makes run a no-op,
// which is what keeps a double tap from sending twice.
func (b *base) run(work func(ctx context.Context) error, done func(error)) {
	if b.busy {
		return
	}
	b.say("")
	b.setBusy(true)
	ctx := b.ctx
	b.env.Tasks.Go(func() {
		err := work(ctx)
		b.env.do(func() {
			if ctx.Err() != nil {
				return
			}
			b.setBusy(false)
			done(err)
		})
	})
}

// say shows a message line, or hides it for "".
func (b *base) say(msg string) {
	b.message.SetText(msg)
	if msg == "" {
		b.message.Hide()
	} else {
		b.message.Show()
	}
	if b.retry != nil {
		b.onRetry = nil
		b.retry.Hide()
	}
}

// fail shows err as a translated sentence, with a retry button when retry
// is set and trying again can help. An expired session goes back to login.
func (b *base) fail(err error, retry func()) {
	if b.env.sessionExpired(err) {
		b.env.Go(Login(b.env.T("error.unauthorized"), ""))
		return
	}
	b.say(b.env.Describe(err))
	if retry != nil && b.retry != nil && b.env.retryable(err) {
		b.onRetry = retry
		b.retry.Show()
	}
}
