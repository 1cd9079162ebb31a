package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// Date is a calendar date with no time of day and no zone, written
// YYYY-MM-DD on the wire. The zero Date is written as an empty string.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// dateLayout is the wire form of a Date.
const dateLayout = "2006-01-02"

// ParseDate reads a YYYY-MM-DD date and rejects anything else, including
// impossible days such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// In returns the first instant of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before it for negative n).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Before reports whether d comes before e.
func (d Date) Before(e Date) bool { return d.String() < e.String() }

// After reports whether d comes after e.
func (d Date) After(e Date) bool { return e.Before(d) }

// DaysUntil returns the number of days from d to e, negative when e is
// before d.
func (d Date) DaysUntil(e Date) int {
	a := d.In(time.UTC)
	b := e.In(time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// UnmarshalJSON reads a "YYYY-MM-DD" string. A bad value is reported as a
// *json.UnmarshalTypeError, so that the decoder names the offending field.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil || d.UnmarshalText([]byte(s)) != nil {
		return &json.UnmarshalTypeError{Value: "value " + string(b) + " (want a date YYYY-MM-DD)", Type: reflect.TypeOf(Date{})}
	}
	return nil
}
