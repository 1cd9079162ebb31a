// Package cli is the fos-server command line: serve, demo, members import,
// members set-password, agents add, campaign set, backup and restore.
// cmd/fos-server only calls Main.
package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/store"
)

// Env is what a command reads and writes; tests pass their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Params is argon2id's cost; auth.DefaultParams when zero.
	Params auth.Params
}

const usage = `fos-server: the reference FOS API server

Usage:
  fos-server serve --addr 127.0.0.1:8080 --db sqlite:PATH|postgres://… [--smtp smtp://host:port --smtp-from ADDR]
                   [--tls-cert FILE --tls-key FILE]     (HTTPS on both listeners; SIGHUP reloads them)
  fos-server demo --addr 127.0.0.1:8080 [--admin-addr 127.0.0.1:8081]
  fos-server members import --db … [--deactivate [--confirm-leave N]] FILE.csv
  fos-server members set-password --db … MATRICULE      (password on standard input)
  fos-server members remove --db … MATRICULE            (the member left: purged after the retention)
  fos-server purge --db … [--retention 5y] [--dry-run]
  fos-server agents add --db … [--name NAME] [--role agent|supervisor] EMAIL   (password on standard input)
  fos-server campaign set --db … --season 2026 --kind summer|off_season --invoice-from D --invoice-to D
                          --opens D --closes D --deposit-days N [--documents-fr T --documents-ar T …]
                          [--location-fr T --location-ar T]      (D is YYYY-MM-DD)
  fos-server backup --db sqlite:PATH --out FILE       (while serving; checked; for cron)
  fos-server restore --db sqlite:PATH --from FILE     (with the server stopped)
`

// Main runs one command and returns the process's exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Params == (auth.Params{}) {
		env.Params = auth.DefaultParams
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	if len(rest) > 0 && (cmd == "members" || cmd == "agents" || cmd == "campaign") {
		cmd, rest = cmd+" "+rest[0], rest[1:]
	}
	run := map[string]func(context.Context, []string, Env) error{
		"serve":                serve,
		"demo":                 demoCmd,
		"members import":       importMembers,
		"members set-password": setPassword,
		"members remove":       removeMember,
		"purge":                purge,
		"agents add":           addAgent,
		"campaign set":         setCampaign,
		"backup":               backupCmd,
		"restore":              restoreCmd,
	}[cmd]
	if run == nil {
		fmt.Fprintf(env.Stderr, "unknown command %q\n\n%s", strings.Join(args[:min(2, len(args))], " "), usage)
		return 2
	}
	if err := run(ctx, rest, env); err != nil {
		if errors.Is(err, errUsage) {
			return 2
		}
		fmt.Fprintf(env.Stderr, "fos-server %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

// flags makes a FlagSet that reports to env.Stderr.
func flags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// errUsage is a command line the flag package has already explained on
// Stderr, with the command's usage: nothing more to print.
var errUsage = errors.New("bad command line")

// parse parses args; its only error is errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	return nil
}

// dbFlag is the --db flag every command has.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("FOS_DB")
	if def == "" {
		def = "sqlite:fos.db"
	}
	return secretURLFlag(fs, "db", def, "database: sqlite:PATH or postgres://… (env FOS_DB)")
}

func openStore(ctx context.Context, url string) (*store.Store, error) {
	return store.Open(ctx, url, storeOptions(mail.NoticeConfig{}, 0))
}

// storeOptions are the store's options for the commands: every one that
// changes a file queues its member's mail, whichever command it is.
// delay is the grouping delay of the steps' mails: 0 for the default.
func storeOptions(c mail.NoticeConfig, delay time.Duration) store.Options {
	return store.Options{Notices: mail.Notices(c), NoticeDelay: delay}
}

func newAuth(s *store.Store, params auth.Params) (*auth.Service, error) {
	h, err := auth.NewHasher(params)
	if err != nil {
		return nil, err
	}
	return &auth.Service{Store: s, Hasher: h, Policy: auth.DefaultPolicy, Rand: rand.Reader}, nil
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}
