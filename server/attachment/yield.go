package attachment

import (
	"bytes"
	"io"
	"runtime"
)

// yielding returns data as a reader that lets the goroutines waiting for
// a core run before each read. A full decode of a phone photo keeps a core
// busy for tens of milliseconds with nothing the scheduler switches at, so
// on a small server two uploads decoding at once made a member's request
// wait for the runtime's preemption (10 ms, and again at its next step):
// the request GET beside 20 uploads a second went from 2.6 to 34 ms at
// p99 on 2 cores (README, "Photos checked before the trip"). The decoders
// read a few kilobytes at a time (image/jpeg fills a 4 KB buffer; zlib,
// given a reader without ReadByte, reads through a 4 KB bufio), so a
// decode now yields every half millisecond or so, for about a hundred
// Gosched calls a photo.
func yielding(data []byte) io.Reader { return yielder{bytes.NewReader(data)} }

type yielder struct{ r *bytes.Reader }

func (y yielder) Read(p []byte) (int, error) {
	runtime.Gosched()
	return y.r.Read(p)
}
