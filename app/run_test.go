package app

import "testing"

func TestAPIURL(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"default", "", "https://fos.finances.gov.ma", true},
		{"demo on loopback", "http://127.0.0.1:8080", "http://127.0.0.1:8080", true},
		{"localhost", "http://localhost:8080/", "http://localhost:8080", true},
		{"plain http elsewhere", "http://example.ma", "", false},
		{"https elsewhere", "https://api.example.ma/", "https://api.example.ma", true},
		{"not a URL", "ftp://x", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := apiURL(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("apiURL(%q) = %q, %v; want %q, ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}
