package httpapi_test

import (
	"testing"

	"github.com/fos-mobile/fos/server/testkit/testdb"
)

// forEachEngine runs fn on an env over SQLite and, when
// FOS_TEST_POSTGRES_URL is set, over a PostgreSQL schema of its own.
func forEachEngine(t *testing.T, o envOptions, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newEnvWith(t, o)) })
	t.Run("postgres", func(t *testing.T) {
		o.dbURL = testdb.Schema(t, "fos_httpapi_test")
		fn(t, newEnvWith(t, o))
	})
}
