// Package countercode signs a request's reference for the QR code that the
// member shows at the head office's counter, and checks what a scanner
// typed. The text is the reference, a hyphen and a 26-letter signature:
//
//	EST-2026-000123-Q2NKJ4ZQ7M3XW5TB6YLDH2PFAE
//
// It uses only capital letters, digits and hyphens, so it fits a QR code's
// compact alphanumeric mode and survives a USB or Bluetooth scanner that
// types it as keystrokes. The signature is the first 16 bytes of
// HMAC-SHA256 under the server's "qr" key (store.ServerKey), base32
// without padding: whoever lacks the key cannot make a code the counter
// accepts for another reference.
package countercode

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"strings"
)

// KeyName is the store.ServerKey name of the signing key.
const KeyName = "qr"

const sigLen = 26 // base32 of 16 bytes, without padding

var enc = base32.StdEncoding.WithPadding(base32.NoPadding)

// ErrForged is returned for a text that looks signed but whose signature
// does not match its reference.
var ErrForged = errors.New("countercode: signature does not match")

// Sign returns the signed text for reference.
func Sign(key []byte, reference string) string {
	return reference + "-" + sig(key, reference)
}

// Parse reads what the counter's field received: a signed text, whose
// reference it returns once the signature checks (ErrForged otherwise), or
// a plain reference typed by hand, returned as is with signed false.
// Surrounding spaces and lower-case letters (a scanner with Caps Lock) are
// forgiven.
func Parse(key []byte, text string) (reference string, signed bool, err error) {
	text = strings.ToUpper(strings.TrimSpace(text))
	i := strings.LastIndexByte(text, '-')
	if i < 0 || len(text)-i-1 != sigLen {
		return text, false, nil
	}
	ref, got := text[:i], text[i+1:]
	if !hmac.Equal([]byte(got), []byte(sig(key, ref))) {
		return "", true, ErrForged
	}
	return ref, true, nil
}

func sig(key []byte, reference string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("fos counter code v1\x00"))
	m.Write([]byte(reference))
	return enc.EncodeToString(m.Sum(nil)[:16])
}
