package httpapi

import (
	"net/http"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
)

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req api.LoginRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := required(map[string]string{"identifier": req.Identifier, "password": req.Password}); err != nil {
		s.writeError(w, r, err)
		return
	}
	resp, err := s.Auth.Login(r.Context(), req.Identifier, req.Password, s.clientIP(r))
	if err != nil {
		if ae, ok := err.(*api.Error); ok && ae.Code == api.CodeInvalidCredentials {
			s.metrics.loginFailed.Inc()
		}
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if err := s.Auth.Logout(r.Context(), p, s.clientIP(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) recover(w http.ResponseWriter, r *http.Request) {
	var req api.RecoverRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := required(map[string]string{"identifier": req.Identifier, "cin": req.CIN}); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Auth.Recover(r.Context(), req.Identifier, req.CIN, s.clientIP(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, auth.RecoverAccepted)
}

func (s *Server) recoverConfirm(w http.ResponseWriter, r *http.Request) {
	var req api.RecoverConfirmRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := required(map[string]string{"identifier": req.Identifier, "code": req.Code, "new_password": req.NewPassword}); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Auth.ConfirmRecovery(r.Context(), req.Identifier, req.Code, req.NewPassword, s.clientIP(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// required reports the first empty field, in a stable order.
func required(fields map[string]string) error {
	for _, name := range []string{"identifier", "password", "cin", "code", "new_password"} {
		if v, ok := fields[name]; ok && strings.TrimSpace(v) == "" {
			return invalid(name, "is required")
		}
	}
	return nil
}

// authed runs h with the bearer token's principal, or answers unauthorized.
// Every answer of an authenticated path, errors included, is no-store: it
// holds a member's data, which no cache on the way may keep.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, auth.Principal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			s.writeError(w, r, api.Errorf(api.CodeUnauthorized, "a bearer token is required"))
			return
		}
		p, err := s.Auth.Authenticate(r.Context(), strings.TrimSpace(token))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h(w, r, p)
	}
}

// role narrows authed to one role; the other gets forbidden.
func (s *Server) role(want api.Role, h func(http.ResponseWriter, *http.Request, auth.Principal)) http.HandlerFunc {
	return s.authed(func(w http.ResponseWriter, r *http.Request, p auth.Principal) {
		if p.Role != want {
			s.writeError(w, r, api.Errorf(api.CodeForbidden, "this path is for the %s role", want))
			return
		}
		h(w, r, p)
	})
}

func (s *Server) member(h func(http.ResponseWriter, *http.Request, auth.Principal)) http.HandlerFunc {
	return s.role(api.RoleMember, h)
}

func (s *Server) agent(h func(http.ResponseWriter, *http.Request, auth.Principal)) http.HandlerFunc {
	return s.role(api.RoleAgent, h)
}
