package auth

import "github.com/fos-mobile/fos/api"

// maxIdentifier bounds an identifier: an e-mail address is at most 254
// characters, a matricule far fewer.
const maxIdentifier = 254

// CanonicalIdentifier is the one form of an identifier used both for the
// rate-limit keys and for the lookup, so that two spellings of one account
// share one budget: surrounding spaces dropped, an e-mail (with an @) in
// lower case, a matricule in upper case. Identifiers are ASCII (matricules,
// N° PPR and the ministry's e-mail addresses all are): anything else, an
// empty or an overlong one is invalid_request, whoever it might name, so
// look-alike letters (ı, ſ) cannot open a second budget for one account.
func CanonicalIdentifier(s string) (string, error) {
	start, end := 0, len(s)
	for start < end && (s[start] == ' ' || s[start] == '\t') {
		start++
	}
	for end > start && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	s = s[start:end]
	if s == "" || len(s) > maxIdentifier {
		return "", badIdentifier()
	}
	email := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '@' {
			email = true
		} else if c <= ' ' || c >= 0x7f {
			return "", badIdentifier()
		}
	}
	b := []byte(s)
	for i, c := range b {
		switch {
		case email && 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case !email && 'a' <= c && c <= 'z':
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b), nil
}

func badIdentifier() error {
	e := api.Errorf(api.CodeInvalidRequest, "the identifier must be a matricule or an e-mail address of at most %d ASCII characters", maxIdentifier)
	e.Field = "identifier"
	return e
}
