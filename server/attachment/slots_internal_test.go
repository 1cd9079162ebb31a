package attachment

import (
	"context"
	"errors"
	"testing"
)

// TestInSlot: with every slot taken, a call whose context ends returns its
// error without running fn; once a slot is free, fn runs.
func TestInSlot(t *testing.T) {
	for range cap(slots) {
		slots <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := InSlot(ctx, func() { ran = true }); !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("all slots taken: err %v, ran %v; want context.Canceled and not run", err, ran)
	}
	for range cap(slots) {
		<-slots
	}
	if err := InSlot(context.Background(), func() { ran = true }); err != nil || !ran {
		t.Fatalf("a free slot: err %v, ran %v", err, ran)
	}
}
