package app

import (
	"testing"

	"github.com/fos-mobile/fos/server/webtest"
)

// TestMain stops the package's one headless Chromium (server/webtest),
// started on first use by the photos' flow test, where an agent answers
// in the console.
func TestMain(m *testing.M) { webtest.Main(m) }
