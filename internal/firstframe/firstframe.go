// Package firstframe tells when a window's content is first painted, for
// make start-time: a 1×1 transparent raster whose image is asked for only
// when the painter draws it.
package firstframe

import (
	"fmt"
	"image"
	"io"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// Env is the variable that turns the probe on: make start-time sets it.
const Env = "FOS_FIRST_FRAME"

// Enabled reports whether Env is set.
func Enabled() bool { return os.Getenv(Env) != "" }

// Wrap returns content with a probe on top that, the first time it is
// painted, writes "first-frame <Unix nanoseconds>" to w and calls then
// (to quit, for instance).
func Wrap(content fyne.CanvasObject, w io.Writer, then func()) fyne.CanvasObject {
	var once sync.Once
	probe := canvas.NewRaster(func(int, int) image.Image {
		once.Do(func() {
			fmt.Fprintf(w, "first-frame %d\n", time.Now().UnixNano())
			if then != nil {
				go then()
			}
		})
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	probe.SetMinSize(fyne.NewSize(1, 1))
	return container.NewStack(content, container.NewWithoutLayout(probe))
}
