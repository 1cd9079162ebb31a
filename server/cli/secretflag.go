package cli

import (
	"flag"

	"github.com/fos-mobile/fos/server/store"
)

// secretURL is a flag holding a URL that may carry a password (the
// database's, the mail server's). Its String hides the user information,
// so that the usage the flag package prints on a bad command line, which
// shows defaults taken from the environment, never writes a password to a
// terminal or a journal.
type secretURL struct{ v string }

func (s *secretURL) Set(v string) error { s.v = v; return nil }

func (s *secretURL) String() string {
	if s == nil {
		return ""
	}
	return store.RedactURL(s.v)
}

// secretURLFlag defines a secretURL flag with a default and returns where
// its value lands.
func secretURLFlag(fs *flag.FlagSet, name, def, usage string) *string {
	s := &secretURL{v: def}
	fs.Var(s, name, usage)
	return &s.v
}
