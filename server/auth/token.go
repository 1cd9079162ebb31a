package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"strconv"
)

// NewToken returns a fresh bearer token (256 random bits, base64url, 43
// characters) and the hash under which the server stores it. The token
// itself is never stored.
func NewToken(random io.Reader) (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(random, b); err != nil {
		return "", nil, fmt.Errorf("token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the stored form of a token: its SHA-256. A 256-bit random
// token needs no salt nor slow hash.
func HashToken(token string) []byte {
	s := sha256.Sum256([]byte(token))
	return s[:]
}

// NewCode returns a uniformly random one-time code of n decimal digits.
func NewCode(random io.Reader, n int) (string, error) {
	max := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	v, err := rand.Int(random, max)
	if err != nil {
		return "", fmt.Errorf("code: %w", err)
	}
	return fmt.Sprintf("%0*d", n, v), nil
}

// CodeHash is the stored form of a member's one-time code, bound to the
// member so a hash is useless for anyone else.
func CodeHash(memberID int64, code string) string {
	s := sha256.Sum256([]byte(strconv.FormatInt(memberID, 10) + ":" + code))
	return base64.RawStdEncoding.EncodeToString(s[:])
}
