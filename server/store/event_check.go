package store

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
)

// eventCheck is the note of a "precheck" event: the agent's answer, kept
// whole so that the console, the back-office API and whatever reads them
// say it in their reader's language (checkNote writes it).
type eventCheck struct {
	Document   int             `json:"document"`
	Result     api.CheckResult `json:"result"`
	ReasonCode api.RedoReason  `json:"reason_code,omitempty"`
	Reason     string          `json:"reason,omitempty"`
}

// legacyCheck is the note the first pre-checks were stored with, before
// eventCheck: "document 2: redo (unreadable): the agent's text", the
// document counted from 1.
var legacyCheck = regexp.MustCompile(`(?s)^document ([0-9]{1,4}): (complete|redo)(?: \(([a-z_]{1,40})\)(?:: (.*))?)?$`)

// readCheck is a precheck event's answer, from its note (eventCheck's
// JSON, or the legacy text), dated at; false when the note is neither,
// and the note is then shown as it is.
func readCheck(note string, at time.Time) (*api.DocumentCheck, bool) {
	var c eventCheck
	if strings.HasPrefix(note, "{") {
		if err := json.Unmarshal([]byte(note), &c); err != nil {
			return nil, false
		}
	} else {
		m := legacyCheck.FindStringSubmatch(note)
		if m == nil {
			return nil, false
		}
		n, _ := strconv.Atoi(m[1])
		c = eventCheck{Document: n - 1, Result: api.CheckResult(m[2]), ReasonCode: api.RedoReason(m[3]), Reason: m[4]}
	}
	valid := c.Document >= 0 && (c.Result == api.CheckComplete && c.ReasonCode == "" ||
		c.Result == api.CheckRedo && c.ReasonCode.Valid())
	if !valid {
		return nil, false
	}
	return &api.DocumentCheck{Document: c.Document, Result: c.Result, ReasonCode: c.ReasonCode, Reason: c.Reason, At: at}, true
}
