// Package api is the contract between the FOS member app and the FOS API
// server: the wire types, the stable error codes and the OpenAPI document
// (openapi.yaml, embedded as Spec).
//
// It imports only the standard library, so that both client/ and server/
// can depend on it and it depends on neither.
//
// Conventions, as in openapi.yaml: JSON throughout, times are RFC 3339 in
// UTC, dates are YYYY-MM-DD (type Date), and money is integer centimes of
// MAD.
package api

import _ "embed"

// Spec is api/openapi.yaml, the single source of truth for both sides. The
// server serves it at GET /api/v1/openapi.yaml and the tests validate every
// response against it.
//
//go:embed openapi.yaml
var Spec []byte

// BasePath prefixes every path of the contract.
const BasePath = "/api/v1"
