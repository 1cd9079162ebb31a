package cli

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/fos-mobile/fos/server/mail"
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

// warnDBPasswordInArgv warns when --db, given on the command line, holds a
// password (in its user information or its query): it works, but ps shows
// it for as long as the server runs; FOS_DB is the place for it.
func warnDBPasswordInArgv(fs *flag.FlagSet, log *slog.Logger) {
	fs.Visit(func(f *flag.Flag) {
		if v, ok := f.Value.(*secretURL); ok && f.Name == "db" && urlHasPassword(v.v) {
			log.Warn("the database password is in the command line, where other users and shell histories see it: put the URL in FOS_DB instead of --db")
		}
	})
}

// urlHasPassword reports whether a database or mail server URL holds a
// password: in its user information, or as a password-like parameter
// (what store.RedactURL hides, a user name aside).
func urlHasPassword(raw string) bool {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return true
		}
		u.User = nil
		raw = u.String()
	}
	return store.RedactURL(raw) != raw
}

// smtpConfig parses --smtp and takes the password from passwordFile or,
// without one, from FOS_SMTP_PASSWORD; a password still written in an
// --smtp given on the command line works, with a warning, since ps and
// shell histories show it.
func smtpConfig(fs *flag.FlagSet, rawURL, from, passwordFile string, log *slog.Logger) (mail.SMTPConfig, error) {
	cfg, err := mail.ParseSMTP(rawURL, from)
	if err != nil {
		return cfg, err
	}
	pw, source := os.Getenv("FOS_SMTP_PASSWORD"), "FOS_SMTP_PASSWORD"
	if passwordFile != "" {
		if pw, err = readSecretFile(passwordFile, log); err != nil {
			return cfg, err
		}
		source = "--smtp-password-file"
	}
	if pw == "" {
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "smtp" && cfg.Password != "" {
				log.Warn("the SMTP password is in the command line, where other users and shell histories see it: use --smtp-password-file or FOS_SMTP_PASSWORD")
			}
		})
		return cfg, nil
	}
	switch {
	case cfg.Password != "":
		return cfg, fmt.Errorf("the SMTP password is given twice, in --smtp and in %s: keep one", source)
	case cfg.Username == "":
		return cfg, fmt.Errorf("%s gives a password but --smtp names no user: smtp://USER@host:port", source)
	}
	cfg.Password = pw
	return cfg, nil
}

// readSecretFile reads a secret from the first line of path. A file that
// others may read works, with a warning.
func readSecretFile(path string, log *slog.Logger) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if info.Mode().Perm()&0o077 != 0 {
		log.Warn("a secret file is readable by other users: chmod 600 it", "file", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	if line = strings.TrimRight(line, "\r"); line == "" {
		return "", errors.New(path + ": empty; the first line must hold the secret")
	}
	return line, nil
}
