package api

import (
	"time"
	_ "time/tzdata" // phones and slim containers may lack a zone database
)

// Casablanca is the foundation's time zone (Africa/Casablanca): the day in
// it decides when a window opens and closes, when a deadline falls and
// which date a member or an agent is shown.
var Casablanca = mustZone("Africa/Casablanca")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // cannot happen: the zone database is embedded
	}
	return loc
}
