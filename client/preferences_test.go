package client_test

import (
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/server/testserver"
)

// TestPreferences sets the member's preferences through the client against
// the real server: each field alone, kept when left out, and a language
// the server does not know refused with invalid_request.
func TestPreferences(t *testing.T) {
	srv := testserver.New(t)
	ctx := t.Context()
	c, _ := login(t, srv, srv.Member.Identifier, srv.Member.Password)
	me, err := c.Me(ctx)
	if err != nil || me.Lang != "fr" || !me.EmailNotices || !me.EmailOnFile {
		t.Fatalf("defaults: %+v, %v", me.Preferences, err)
	}
	ar, off := "ar", false
	if me, err = c.SetPreferences(ctx, api.PreferencesRequest{Lang: &ar}); err != nil || me.Lang != "ar" || !me.EmailNotices {
		t.Fatalf("lang: %+v, %v", me.Preferences, err)
	}
	if me, err = c.SetPreferences(ctx, api.PreferencesRequest{EmailNotices: &off}); err != nil || me.Lang != "ar" || me.EmailNotices {
		t.Fatalf("notices off: %+v, %v", me.Preferences, err)
	}
	if me, err = c.Me(ctx); err != nil || me.Lang != "ar" || me.EmailNotices {
		t.Fatalf("kept: %+v, %v", me.Preferences, err)
	}
	bad := "de"
	if _, err := c.SetPreferences(ctx, api.PreferencesRequest{Lang: &bad}); client.Code(err) != string(api.CodeInvalidRequest) {
		t.Fatalf("lang de: %v, want invalid_request", err)
	}
	if _, err := c.SetPreferences(ctx, api.PreferencesRequest{}); client.Code(err) != string(api.CodeInvalidRequest) {
		t.Fatalf("empty: %v, want invalid_request", err)
	}
}
