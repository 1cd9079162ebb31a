package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
)

// dateFlag is a YYYY-MM-DD flag.
type dateFlag struct{ d *api.Date }

func (f dateFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f dateFlag) Set(s string) error {
	d, err := api.ParseDate(s)
	if err != nil {
		return err
	}
	*f.d = d
	return nil
}

// listFlag collects a repeated flag.
type listFlag struct{ l *[]string }

func (f listFlag) String() string {
	if f.l == nil {
		return ""
	}
	return strings.Join(*f.l, " | ")
}

func (f listFlag) Set(s string) error {
	*f.l = append(*f.l, strings.TrimSpace(s))
	return nil
}

func setCampaign(ctx context.Context, args []string, env Env) error {
	fs := flags("campaign set", env)
	db := dbFlag(fs)
	var c store.Campaign
	var kind string
	fs.IntVar(&c.Season, "season", 0, "the season (year)")
	fs.StringVar(&kind, "kind", "", "summer or off_season")
	fs.Var(dateFlag{&c.InvoiceFrom}, "invoice-from", "first invoice date accepted (YYYY-MM-DD)")
	fs.Var(dateFlag{&c.InvoiceTo}, "invoice-to", "last invoice date accepted")
	fs.Var(dateFlag{&c.OpensOn}, "opens", "first day members may ask (Africa/Casablanca)")
	fs.Var(dateFlag{&c.ClosesOn}, "closes", "last day members may ask, inclusive")
	fs.IntVar(&c.DepositDays, "deposit-days", 15, "days to deposit the originals after asking")
	fs.Var(listFlag{&c.Documents.FR}, "documents-fr", "a required document, in French (repeat; default: the foundation's list)")
	fs.Var(listFlag{&c.Documents.AR}, "documents-ar", "the same document, in Arabic (repeat, same order)")
	fs.StringVar(&c.Location.FR, "location-fr", demo.DefaultLocation.FR, "where to deposit, in French")
	fs.StringVar(&c.Location.AR, "location-ar", demo.DefaultLocation.AR, "where to deposit, in Arabic")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c.Kind = api.Kind(kind)
	if len(c.Documents.FR) == 0 && len(c.Documents.AR) == 0 {
		c.Documents = demo.DefaultDocuments
	}
	if err := missing(fs, "season", "kind", "invoice-from", "invoice-to", "opens", "closes"); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetCampaign(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "season %d %s: invoices %s to %s, open %s to %s, %d days to deposit\n",
		c.Season, c.Kind, c.InvoiceFrom, c.InvoiceTo, c.OpensOn, c.ClosesOn, c.DepositDays)
	return nil
}

// missing names the required flags that were not given.
func missing(fs *flag.FlagSet, names ...string) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var out []string
	for _, n := range names {
		if !set[n] {
			out = append(out, "--"+n)
		}
	}
	if len(out) > 0 {
		return errors.New("missing " + strings.Join(out, ", "))
	}
	return nil
}
