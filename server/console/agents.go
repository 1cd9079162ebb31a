package console

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/fos-mobile/fos/server/web"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

// The Agents page (supervisors): every agent account, a form to add one,
// and per account disable/enable and a password reset. A new account's
// password and a reset one are generated here and shown once, on the
// answer to the POST (never stored in clear, never logged, never in the
// journal); the supervisor hands it over and the agent changes it.

// agentsData is the page's.
type agentsData struct {
	Agents []store.AgentAccount
	Roles  []string
	// Shown is the account whose new password is on this page, once.
	Shown    *store.AgentAccount
	Password string
	Self     int64
	// ErrorKey is the page's error message, if any.
	ErrorKey string
}

func (c *Console) agents(w http.ResponseWriter, r *http.Request, s *Session) {
	c.renderAgents(w, r, s, http.StatusOK, web.NewForm(r), agentsData{})
}

func (c *Console) renderAgents(w http.ResponseWriter, r *http.Request, s *Session, status int, f *web.Form, d agentsData) {
	var err error
	if d.Agents, err = c.Store.AgentAccounts(r.Context()); err != nil {
		c.internal(w, r, s, err)
		return
	}
	d.Roles, d.Self = []string{store.RoleAgent, store.RoleSupervisor}, s.Agent.ID
	v := &view{Title: s.T("agents.title"), Data: d, Form: f, Flash: notice(s, r, "fait")}
	if d.ErrorKey != "" {
		v.Error = s.T(d.ErrorKey)
	} else if !f.OK() {
		v.Error = s.T("err.form")
	}
	c.render(w, r, s, status, "agents", "/agents", v)
}

// addAgent creates an account with a generated password, shown once.
func (c *Console) addAgent(w http.ResponseWriter, r *http.Request, s *Session) {
	f := web.NewForm(r)
	email, ok := agentEmail(f.Get("email"))
	if !ok {
		f.Fail("email", s.T("agents.err.email"))
	}
	name := strings.TrimSpace(f.Get("name"))
	if name == "" || utf8.RuneCountInString(name) > 100 {
		f.Fail("name", s.T("agents.err.name"))
	}
	role := f.Get("role")
	if !store.ValidAgentRole(role) {
		f.Fail("role", s.T("agents.err.role"))
	}
	if !f.OK() {
		c.renderAgents(w, r, s, http.StatusUnprocessableEntity, f, agentsData{})
		return
	}
	password, hash, err := c.newPassword(r)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	id, err := c.Store.CreateAgent(r.Context(), email, name, role, hash)
	var ae *api.Error
	if errors.Is(err, store.ErrEmailInUse) {
		ae = &api.Error{Code: api.CodeInvalidRequest, Field: "email"} // a member's address
	} else if !errors.As(err, &ae) || ae.Field == "" {
		ae = nil
	}
	if ae != nil {
		key := "agents.err." + ae.Field
		if ae.Field == "email" {
			key = "agents.err.taken" // an agent's or a member's already
		}
		f.Fail(ae.Field, s.T(key))
		c.audit(r, s, "supervisor.agent_add", audit.Failed, email, ae.Field)
		c.renderAgents(w, r, s, http.StatusUnprocessableEntity, f, agentsData{})
		return
	}
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	c.audit(r, s, "supervisor.agent_add", audit.OK, email, role)
	c.showPassword(w, r, s, id, password, http.StatusCreated)
}

// agentEmail is the canonical form of an agent's e-mail (the login's,
// lower-case ASCII), when it is a plain address: local@domain.tld, nothing
// else (no display name, no markup a page could take for HTML).
func agentEmail(typed string) (string, bool) {
	email, err := auth.CanonicalIdentifier(typed)
	if err != nil {
		return "", false
	}
	a, err := mail.ParseAddress(email)
	at := strings.LastIndexByte(email, '@')
	if err != nil || a.Address != email || a.Name != "" || at < 1 || !strings.Contains(email[at:], ".") ||
		strings.ContainsAny(email, `<>"'()[]\,;:`) {
		return "", false
	}
	return email, true
}

// resetPassword gives an account a new generated password, shown once, and
// ends its sessions.
func (c *Console) resetPassword(w http.ResponseWriter, r *http.Request, s *Session) {
	a, ok := c.loadAgent(w, r, s)
	if !ok {
		return
	}
	password, hash, err := c.newPassword(r)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	if err := c.Store.SetAgentPassword(r.Context(), a.ID, hash); err != nil {
		c.internal(w, r, s, err)
		return
	}
	c.audit(r, s, "supervisor.agent_password_reset", audit.OK, a.Email, "")
	c.showPassword(w, r, s, a.ID, password, http.StatusOK)
}

func (c *Console) showPassword(w http.ResponseWriter, r *http.Request, s *Session, id int64, password string, status int) {
	a, err := c.Store.AgentAccount(r.Context(), id)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	c.renderAgents(w, r, s, status, web.NewForm(nil), agentsData{Shown: &a, Password: password})
}

// setDisabled disables (ending its sessions) or enables an account. A
// supervisor cannot disable their own, so the console always keeps one.
func (c *Console) setDisabled(disabled bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, s *Session) {
		a, ok := c.loadAgent(w, r, s)
		if !ok {
			return
		}
		action, done := "supervisor.agent_enable", "active"
		if disabled {
			action, done = "supervisor.agent_disable", "desactive"
		}
		if disabled && a.ID == s.Agent.ID {
			c.audit(r, s, action, audit.Failed, a.Email, "own account")
			c.renderAgents(w, r, s, http.StatusConflict, web.NewForm(nil), agentsData{ErrorKey: "agents.err.self"})
			return
		}
		if err := c.Store.SetAgentDisabled(r.Context(), a.ID, disabled); err != nil {
			c.internal(w, r, s, err)
			return
		}
		c.audit(r, s, action, audit.OK, a.Email, "")
		http.Redirect(w, r, "/agents?fait="+done, http.StatusSeeOther)
	}
}

func (c *Console) loadAgent(w http.ResponseWriter, r *http.Request, s *Session) (store.AgentAccount, bool) {
	id, ok := pathID(r)
	if !ok {
		c.notFound(w, r, s)
		return store.AgentAccount{}, false
	}
	a, err := c.Store.AgentAccount(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		c.notFound(w, r, s)
		return a, false
	}
	if err != nil {
		c.internal(w, r, s, err)
		return a, false
	}
	return a, true
}

// newPassword generates a password and its hash, hashed under the API's
// hashing slots like any other.
func (c *Console) newPassword(r *http.Request) (password, hash string, err error) {
	rnd := c.Auth.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	if password, err = generatePassword(rnd); err != nil {
		return "", "", err
	}
	release, err := c.Auth.Hasher.Acquire(r.Context())
	if err != nil {
		return "", "", err
	}
	defer release()
	hash, err = c.Auth.Hasher.Hash(password)
	return password, hash, err
}

// passwordAlphabet has no look-alikes (0/O, 1/l/I), since the password is
// read off a screen and typed.
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// generatePassword returns four groups of five characters from
// passwordAlphabet (about 115 bits), e.g. "k7Hq2-…", read from rnd without
// modulo bias.
func generatePassword(rnd io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for n := 0; n < 20; {
		if _, err := io.ReadFull(rnd, buf); err != nil {
			return "", fmt.Errorf("password: %w", err)
		}
		if int(buf[0]) >= 256-256%len(passwordAlphabet) {
			continue
		}
		if n > 0 && n%5 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(passwordAlphabet[int(buf[0])%len(passwordAlphabet)])
		n++
	}
	return b.String(), nil
}
