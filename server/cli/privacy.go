package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// Personal data (law 09-08): serve's privacy flags, purge, members remove.

// retentionFlag is a retention period: "5y", "1825d" or a Go duration
// ("43800h"), at least a day.
type retentionFlag struct{ d time.Duration }

func (r *retentionFlag) String() string {
	if r.d%(365*24*time.Hour) == 0 {
		return fmt.Sprintf("%dy", r.d/(365*24*time.Hour))
	}
	if r.d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", r.d/(24*time.Hour))
	}
	return r.d.String()
}

func (r *retentionFlag) Set(s string) error {
	d, err := parseRetention(s)
	if err != nil {
		return err
	}
	r.d = d
	return nil
}

func parseRetention(s string) (time.Duration, error) {
	var d time.Duration
	var err error
	switch {
	case strings.HasSuffix(s, "y"), strings.HasSuffix(s, "d"):
		n, perr := strconv.Atoi(strings.TrimRight(s, "yd"))
		unit := 24 * time.Hour
		if strings.HasSuffix(s, "y") {
			unit *= 365
		}
		d, err = time.Duration(n)*unit, perr
	default:
		d, err = time.ParseDuration(s)
	}
	if err != nil || d < 24*time.Hour || d > 100*365*24*time.Hour {
		return 0, fmt.Errorf("%q: want a period of at least a day, like 5y, 1825d or 43800h", s)
	}
	return d, nil
}

// addRetention is the --retention flag of serve and purge.
func addRetention(fs *flag.FlagSet) *retentionFlag {
	r := &retentionFlag{d: store.DefaultRetention}
	fs.Var(r, "retention", "how long closed files (paid, rejected, cancelled, expired) and members who left are kept before they are purged: 5y, 1825d… (README, \"Personal data\")")
	return r
}

// privacyFlags are serve's flags of the privacy notice; get returns what
// they say, checked.
func privacyFlags(fs *flag.FlagSet) (get func() (api.Privacy, time.Duration, error)) {
	ret := addRetention(fs)
	email := fs.String("contact-email", "", "address where members ask about their personal data (shown in the app's notice and on the Confirmer screen)")
	ref := fs.String("cndp-ref", "", "the number of the foundation's declaration to the CNDP, shown in the privacy notice")
	addrFR := fs.String("address-fr", "", "where members have their record corrected, in French (default: the foundation's head office in Rabat)")
	addrAR := fs.String("address-ar", "", "the same, in Arabic")
	return func() (api.Privacy, time.Duration, error) {
		p := api.Privacy{ContactEmail: strings.TrimSpace(*email), CNDPRef: strings.TrimSpace(*ref),
			RetentionDays: int(ret.d / (24 * time.Hour))}
		if p.ContactEmail != "" {
			if a, err := mail.ParseAddress(p.ContactEmail); err != nil || a.Address != p.ContactEmail {
				return p, 0, fmt.Errorf("--contact-email %q: want a plain e-mail address", p.ContactEmail)
			}
		}
		if (*addrFR == "") != (*addrAR == "") {
			return p, 0, errors.New("--address-fr and --address-ar go together: the app shows the member's language")
		}
		p.Address = api.Text{FR: strings.TrimSpace(*addrFR), AR: strings.TrimSpace(*addrAR)}
		return p, ret.d, nil
	}
}

// purge removes, or with --dry-run counts, what has outlived its retention:
// what the server's job does every minute, for an operator who wants to see
// it or run it by hand.
func purge(ctx context.Context, args []string, env Env) error {
	fs := flags("purge", env)
	db := dbFlag(fs)
	ret := addRetention(fs)
	dry := fs.Bool("dry-run", false, "only say what would be purged")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errors.New("purge takes no arguments")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	before := s.Now().Add(-ret.d)
	when := before.In(s.Location()).Format("2006-01-02 15:04")
	if *dry {
		p, err := s.PurgeDue(ctx, before)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "would purge (closed or left before %s, retention %s): %s\n", when, ret, p)
		return nil
	}
	p, err := s.Purge(ctx, before, 100)
	if err != nil {
		return fmt.Errorf("purged %s before failing: %w", p, err)
	}
	fmt.Fprintf(env.Stdout, "purged (closed or left before %s, retention %s): %s\n", when, ret, p)
	return nil
}

// removeMember records that a member left the ministry: they can no longer
// log in, and are purged after the retention.
func removeMember(ctx context.Context, args []string, env Env) error {
	fs := flags("members remove", env)
	db := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("give exactly one matricule")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.LeaveMember(ctx, fs.Arg(0)); err != nil {
		return fmt.Errorf("member %s: %w", fs.Arg(0), err)
	}
	fmt.Fprintf(env.Stdout, "member %s has left: logins refused, sessions ended; purged with their files after the retention\n",
		store.CanonicalMatricule(fs.Arg(0)))
	return nil
}
