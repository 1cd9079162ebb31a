package client

import "testing"

// TestForgetTokenIf: an unauthorized answer to a request sent with an old
// token must not forget the token of a newer login.
func TestForgetTokenIf(t *testing.T) {
	store := NewFileStore(t.TempDir())
	c, err := New(Config{BaseURL: "http://127.0.0.1:1", Tokens: store})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	c.keepToken(ctx, "token-B")
	c.forgetTokenIf(ctx, "token-A")
	if got, err := store.Get(ctx); err != nil || got != "token-B" || c.currentToken(ctx) != "token-B" {
		t.Fatalf("after a stale 401: stored %q, %v; in memory %q; want token-B", got, err, c.currentToken(ctx))
	}
	c.forgetTokenIf(ctx, "token-B")
	if _, err := store.Get(ctx); err == nil || c.currentToken(ctx) != "" {
		t.Fatal("a 401 for the current token did not forget it")
	}
}
