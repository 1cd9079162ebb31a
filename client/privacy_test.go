package client_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/server/testserver"
)

// TestExportAndPrivacy: the privacy facts without a session, the member's
// data as the JSON file and as the page, and the rate limit as its code.
func TestExportAndPrivacy(t *testing.T) {
	srv := testserver.New(t)
	ctx := t.Context()
	anon, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.NewFileStore(t.TempDir())})
	if err != nil {
		t.Fatal(err)
	}
	p, err := anon.Privacy(ctx)
	if err != nil || p.RetentionDays != 1825 || p.Address.FR == "" {
		t.Fatalf("Privacy = %+v, %v", p, err)
	}
	if _, err := anon.Export(ctx, api.ExportJSON, "fr"); client.Code(err) != string(api.CodeUnauthorized) {
		t.Fatalf("Export without a session: %v", err)
	}

	c, _ := login(t, srv, srv.Member.Identifier, srv.Member.Password)
	b, err := c.Export(ctx, api.ExportJSON, "fr")
	if err != nil {
		t.Fatal(err)
	}
	var d api.DataExport
	if err := json.Unmarshal(b, &d); err != nil || d.Profile.Matricule != srv.Member.Identifier || len(d.Logins) != 1 {
		t.Fatalf("the JSON file: %+v, %v", d, err)
	}
	page, err := c.Export(ctx, api.ExportHTML, "ar")
	if err != nil || !strings.Contains(string(page), `dir="rtl"`) || !strings.Contains(string(page), "معطياتي") {
		t.Fatalf("the Arabic page: %v\n%.300s", err, page)
	}
	for range 8 {
		if _, err := c.Export(ctx, api.ExportJSON, "fr"); err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.Export(ctx, api.ExportJSON, "fr")
	if client.Code(err) != string(api.CodeRateLimited) {
		t.Fatalf("the 11th export: %v, want rate_limited", err)
	}
	if d, ok := client.RetryAfter(err); !ok || d.Minutes() < 59 {
		t.Fatalf("RetryAfter = %v, %v", d, ok)
	}
}
