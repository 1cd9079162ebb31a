package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/fos-mobile/fos/api"
)

// Campaign is one reimbursement window of a season, as the foundation sets it.
type Campaign struct {
	Season      int
	Kind        api.Kind
	InvoiceFrom api.Date
	InvoiceTo   api.Date
	// OpensOn and ClosesOn are inclusive days in the foundation's time zone.
	OpensOn     api.Date
	ClosesOn    api.Date
	DepositDays int
	Documents   api.TextList
	Location    api.Text
	// CeilingCentimes is the highest amount agents may approve in the
	// window (nil: none), as read; SetCampaign leaves it as it is and
	// SetWindowCeiling sets it.
	CeilingCentimes *int64
}

// Validate checks that a campaign makes sense before it is stored. Errors:
// invalid_request naming the field (season, kind, invoice, window,
// deposit_days, documents, location), for the CLI and the console alike.
func (c Campaign) Validate() error {
	switch {
	case c.Season < 2000 || c.Season > 2100:
		return invalidField("season", "season %d is out of range", c.Season)
	case !c.Kind.Valid():
		return invalidField("kind", "kind %q is not summer or off_season", c.Kind)
	case c.InvoiceFrom.IsZero() || c.InvoiceTo.IsZero() || c.InvoiceTo.Before(c.InvoiceFrom):
		return invalidField("invoice", "invoice dates are missing or reversed")
	case c.OpensOn.IsZero() || c.ClosesOn.IsZero() || c.ClosesOn.Before(c.OpensOn):
		return invalidField("window", "opening and closing dates are missing or reversed")
	case c.DepositDays < 1 || c.DepositDays > 365:
		return invalidField("deposit_days", "deposit days %d must be between 1 and 365", c.DepositDays)
	case len(c.Documents.FR) == 0 || len(c.Documents.FR) != len(c.Documents.AR):
		return invalidField("documents", "the documents list needs as many Arabic lines as French ones, at least one")
	case c.Location.FR == "" || c.Location.AR == "":
		return invalidField("location", "the deposit location needs French and Arabic text")
	}
	return nil
}

// SetCampaign creates or replaces the window of c's season and kind, its
// ceiling aside (c.CeilingCentimes is not written).
func (s *Store) SetCampaign(ctx context.Context, c Campaign) error {
	if err := c.Validate(); err != nil {
		return err
	}
	fr, _ := json.Marshal(c.Documents.FR)
	ar, _ := json.Marshal(c.Documents.AR)
	_, err := s.exec(ctx, `INSERT INTO campaigns (season, kind, invoice_from, invoice_to, opens_on, closes_on,
		deposit_days, documents_fr, documents_ar, location_fr, location_ar, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (season, kind) DO UPDATE SET invoice_from = excluded.invoice_from, invoice_to = excluded.invoice_to,
			opens_on = excluded.opens_on, closes_on = excluded.closes_on, deposit_days = excluded.deposit_days,
			documents_fr = excluded.documents_fr, documents_ar = excluded.documents_ar,
			location_fr = excluded.location_fr, location_ar = excluded.location_ar, updated_at = excluded.updated_at`,
		c.Season, string(c.Kind), c.InvoiceFrom.String(), c.InvoiceTo.String(), c.OpensOn.String(), c.ClosesOn.String(),
		c.DepositDays, string(fr), string(ar), c.Location.FR, c.Location.AR, s.now().UnixMilli())
	return err
}

// CurrentCampaigns returns the windows of the latest season that has any,
// summer first. It returns ErrNotFound when no season is set.
func (s *Store) CurrentCampaigns(ctx context.Context) ([]Campaign, error) {
	return s.campaigns(ctx, conn{s, nil}, `season = (SELECT MAX(season) FROM campaigns)`)
}

func (s *Store) campaign(ctx context.Context, q queryer, kind api.Kind) (Campaign, error) {
	cs, err := s.campaigns(ctx, q, `season = (SELECT MAX(season) FROM campaigns) AND kind = $1`, string(kind))
	if err != nil {
		return Campaign{}, err
	}
	return cs[0], nil
}

func (s *Store) campaigns(ctx context.Context, q queryer, where string, args ...any) ([]Campaign, error) {
	rows, err := q.QueryContext(ctx, `SELECT season, kind, invoice_from, invoice_to, opens_on, closes_on, deposit_days,
		documents_fr, documents_ar, location_fr, location_ar, ceiling_centimes FROM campaigns WHERE `+where+` ORDER BY kind DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Campaign
	for rows.Next() {
		var c Campaign
		var kind, from, to, opens, closes, fr, ar string
		var ceiling sql.NullInt64
		if err := rows.Scan(&c.Season, &kind, &from, &to, &opens, &closes, &c.DepositDays, &fr, &ar,
			&c.Location.FR, &c.Location.AR, &ceiling); err != nil {
			return nil, err
		}
		if ceiling.Valid {
			c.CeilingCentimes = &ceiling.Int64
		}
		c.Kind = api.Kind(kind)
		for _, d := range []struct {
			dst *api.Date
			src string
		}{{&c.InvoiceFrom, from}, {&c.InvoiceTo, to}, {&c.OpensOn, opens}, {&c.ClosesOn, closes}} {
			if *d.dst, err = api.ParseDate(d.src); err != nil {
				return nil, err
			}
		}
		// Decoded once per distinct text (lists.go): every create reads
		// its window.
		if c.Documents.FR, err = s.lists.decode(fr); err != nil {
			return nil, err
		}
		if c.Documents.AR, err = s.lists.decode(ar); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return out, nil
}

// OpensAt is the first instant of the window.
func (c Campaign) OpensAt(loc *time.Location) time.Time { return c.OpensOn.In(loc) }

// ClosesAt is the first instant after the window: the end of ClosesOn.
func (c Campaign) ClosesAt(loc *time.Location) time.Time { return c.ClosesOn.AddDays(1).In(loc) }

// OpenAt reports whether the window is open at t.
func (c Campaign) OpenAt(t time.Time, loc *time.Location) bool {
	return !t.Before(c.OpensAt(loc)) && t.Before(c.ClosesAt(loc))
}

// Window is the campaign as the contract shows it, without my_request.
func (c Campaign) Window(now time.Time, loc *time.Location) api.Window {
	return api.Window{
		Kind:              c.Kind,
		InvoiceFrom:       c.InvoiceFrom,
		InvoiceTo:         c.InvoiceTo,
		OpensAt:           c.OpensAt(loc).UTC(),
		ClosesAt:          c.ClosesAt(loc).UTC(),
		Open:              c.OpenAt(now, loc),
		DepositDays:       c.DepositDays,
		RequiredDocuments: c.Documents,
		DepositLocation:   c.Location,
	}
}
