package client

import "context"

// currentToken returns the session token, reading the store once and then
// keeping it in memory, so that a slow keyring costs at most one wait.
func (c *Client) currentToken(ctx context.Context) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		tok, err := c.cfg.Tokens.Get(ctx)
		if err != nil {
			// No token, an unreadable one or no store: calls go out
			// without one, the server answers unauthorized and the member
			// logs in again. Not asking again spares a slow keyring.
			tok = ""
		}
		c.token, c.loaded = tok, true
	}
	return c.token
}

// keepToken remembers tok and stores it. A store failure is not the
// member's problem: the session then lasts as long as the process.
func (c *Client) keepToken(ctx context.Context, tok string) {
	c.mu.Lock()
	c.token, c.loaded = tok, true
	c.mu.Unlock()
	_ = c.cfg.Tokens.Set(ctx, tok)
}

// forgetToken drops the token from memory and from the store.
func (c *Client) forgetToken(ctx context.Context) error {
	c.mu.Lock()
	c.token, c.loaded = "", true
	c.mu.Unlock()
	return c.deleteStored(ctx)
}

// forgetTokenIf forgets the token only while it is still tok: a request
// sent with an old token must not log out the member who has just logged
// in again.
func (c *Client) forgetTokenIf(ctx context.Context, tok string) {
	c.currentToken(ctx) // loaded, so that the comparison is with what is stored
	c.mu.Lock()
	if c.token != tok {
		c.mu.Unlock()
		return
	}
	c.token = ""
	c.mu.Unlock()
	_ = c.deleteStored(ctx)
}

func (c *Client) deleteStored(ctx context.Context) error {
	// Deleting must happen even when the caller's context is already done
	// (the member left the screen): the store bounds its own calls.
	return c.cfg.Tokens.Delete(context.WithoutCancel(ctx))
}

// HasSession reports whether a token is stored, so that a returning member
// skips the login screen. It does not ask the server; an expired token
// shows up as unauthorized on the first call.
func (c *Client) HasSession(ctx context.Context) bool {
	return c.currentToken(ctx) != ""
}
