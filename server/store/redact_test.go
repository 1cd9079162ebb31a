package store_test

import (
	"strings"
	"testing"

	"github.com/fos-mobile/fos/server/store"
)

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"user and password", "postgres://fos:S3cret@db.example:5432/fos?sslmode=require", "postgres://…@db.example:5432/fos?sslmode=require"},
		{"password in the query", "postgres://db.example/fos?user=fos&password=S3cret&sslmode=require", "postgres://db.example/fos?user=fos&password=…&sslmode=require"},
		{"upper-case key, last parameter", "postgres://db.example/fos?PASSWORD=S3cret", "postgres://db.example/fos?PASSWORD=…"},
		{"ssl key password", "postgres://db.example/fos?sslmode=verify-full&sslpassword=S3cret", "postgres://db.example/fos?sslmode=verify-full&sslpassword=…"},
		{"both", "smtp://mailer:S3cret@mx.example:587?starttls=auto&password=S3cret", "smtp://…@mx.example:587?starttls=auto&password=…"},
		{"token", "postgres://db.example/fos?auth_token=S3cret", "postgres://db.example/fos?auth_token=…"},
		{"keyword/value string", "host=db.example password=S3cret dbname=fos", "host=db.example password=… dbname=fos"},
		{"quoted keyword value", "host=db.example password='S3 cret' dbname=fos", "host=db.example password=… dbname=fos"},
		{"an @ in the query is not user information", "smtp://mx.example:25?from=a@fos.ma", "smtp://mx.example:25?from=a@fos.ma"},
		{"nothing secret", "sqlite:/var/lib/fos/fos.db", "sqlite:/var/lib/fos/fos.db"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := store.RedactURL(tc.in)
			if got != tc.want {
				t.Fatalf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if strings.Contains(got, "S3") {
				t.Fatalf("%q still shows the secret", got)
			}
		})
	}
}
