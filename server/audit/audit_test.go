package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

func TestLogWritesOneInfoRecordWithoutEmptyFields(t *testing.T) {
	var buf bytes.Buffer
	l := Log{Logger: slog.New(slog.NewJSONHandler(&buf, nil))}
	l.Record(context.Background(), Event{Action: "auth.login", Outcome: Failed, Identifier: "ab12", ClientIP: "192.0.2.1"})
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not one JSON record: %q", buf.String())
	}
	for k, want := range map[string]any{"level": "INFO", "msg": "audit", "action": "auth.login", "outcome": "failed",
		"identifier_hash": "ab12", "client_ip": "192.0.2.1"} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	for _, k := range []string{"role", "account_id", "target", "detail"} {
		if _, ok := got[k]; ok {
			t.Errorf("empty field %s was written", k)
		}
	}
}

func TestHasherIsKeyedAndStable(t *testing.T) {
	a, b := Hasher{Key: []byte("key one")}, Hasher{Key: []byte("key two")}
	if a.Identifier("1234567") != a.Identifier("1234567") {
		t.Fatal("same key, same identifier, different hashes")
	}
	if a.Identifier("1234567") == b.Identifier("1234567") {
		t.Fatal("the hash does not depend on the key")
	}
	if h := a.Identifier("1234567"); len(h) != 32 || strings.Contains(h, "1234567") {
		t.Fatalf("hash %q: want 32 hex digits without the identifier", h)
	}
	if a.Identifier("") != "" {
		t.Fatal("empty identifier should hash to empty")
	}
}

type recorder []Event

func (r *recorder) Record(_ context.Context, e Event) { *r = append(*r, e) }

func TestMultiSendsToEverySink(t *testing.T) {
	var a, b recorder
	Multi{&a, nil, &b}.Record(context.Background(), Event{Action: "auth.logout", Outcome: OK})
	if len(a) != 1 || len(b) != 1 {
		t.Fatalf("got %d and %d events, want 1 each", len(a), len(b))
	}
}
