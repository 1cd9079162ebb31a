package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/fos-mobile/fos/api"
)

// Login exchanges an identifier (matricule, N° PPR or e-mail) and a
// password for a token, which it keeps in the TokenStore; the password is
// kept nowhere. It is never retried. The app is for members: an agent's
// answer is returned (Role says so) but its token is revoked at once and
// never stored. Errors: invalid_credentials, rate_limited (see
// RetryAfter), invalid_request, and the transport problems of Code.
func (c *Client) Login(ctx context.Context, identifier, password string) (api.LoginResponse, error) {
	var r api.LoginResponse
	_, err := c.do(ctx, call{method: http.MethodPost, path: "/auth/login",
		body: api.LoginRequest{Identifier: identifier, Password: password}, out: &r})
	if err != nil {
		return api.LoginResponse{}, err
	}
	if r.AccessToken == "" {
		return api.LoginResponse{}, fmt.Errorf("%w: login answer without a token", ErrMalformed)
	}
	if r.Role != "" && r.Role != api.RoleMember {
		_, _ = c.do(context.WithoutCancel(ctx), call{method: http.MethodPost, path: "/auth/logout", retry: true, token: r.AccessToken})
		r.AccessToken = ""
		return r, nil
	}
	c.keepToken(ctx, r.AccessToken)
	return r, nil
}

// Logout forgets the token here first, then revokes it on the server: a
// member who closes the app during a slow revocation is logged out all the
// same (on a shared phone, the next person must not open the previous
// member's space). When the server cannot be reached (no network, a
// timeout, a 5xx), the token is kept in the Revoke store, a "revoke
// pending" mark, and the next launch revokes it (RevokePending). The
// server's error, if any, is returned; an already expired token is not an
// error.
func (c *Client) Logout(ctx context.Context) error {
	tok := c.currentToken(ctx)
	derr := c.forgetToken(ctx)
	if derr != nil && errors.Is(derr, ErrNoToken) {
		derr = nil
	}
	var err error
	if tok != "" {
		err = c.revoke(ctx, tok)
		if err != nil && Retryable(err) {
			// Kept even when the caller's context is done: the bounded
			// store must still write the mark.
			_ = c.cfg.Revoke.Set(context.WithoutCancel(ctx), tok)
		}
	}
	if err == nil {
		err = derr
	}
	return err
}

// RevokePending revokes the token that a logout without network left in
// the Revoke store, and forgets it once the server has (or had already)
// revoked it. With nothing pending it calls nobody. The app calls it at
// launch, off the UI goroutine; a failure leaves the mark for next time.
func (c *Client) RevokePending(ctx context.Context) error {
	tok, err := c.cfg.Revoke.Get(ctx)
	if errors.Is(err, ErrNoToken) || (err == nil && tok == "") {
		return nil
	}
	if err != nil {
		// Unreadable: nothing can be revoked with it.
		return c.cfg.Revoke.Delete(context.WithoutCancel(ctx))
	}
	if err := c.revoke(ctx, tok); err != nil && Retryable(err) {
		return err
	}
	return c.cfg.Revoke.Delete(context.WithoutCancel(ctx))
}

// revoke asks the server to end the session of tok; a token already
// expired or revoked (unauthorized) is no error.
func (c *Client) revoke(ctx context.Context, tok string) error {
	_, err := c.do(ctx, call{method: http.MethodPost, path: "/auth/logout", retry: true, token: tok})
	if IsSessionExpired(err) {
		return nil
	}
	return err
}

// Recover asks for a one-time code for a first login or a forgotten
// password. The answer is the same whether or not the account exists. It
// is never retried. Errors: invalid_request, rate_limited.
func (c *Client) Recover(ctx context.Context, identifier, cin string) error {
	var r api.RecoverResponse
	_, err := c.do(ctx, call{method: http.MethodPost, path: "/auth/recover",
		body: api.RecoverRequest{Identifier: identifier, CIN: cin}, out: &r})
	return err
}

// RecoverConfirm sets a new password with the one-time code. It is never
// retried. Errors: invalid_request (wrong or expired code, or a password
// against the policy; see api.Error.Field), rate_limited.
func (c *Client) RecoverConfirm(ctx context.Context, identifier, code, newPassword string) error {
	_, err := c.do(ctx, call{method: http.MethodPost, path: "/auth/recover/confirm",
		body: api.RecoverConfirmRequest{Identifier: identifier, Code: code, NewPassword: newPassword}})
	return err
}
