// The package oapiclient is what an outside team gets from api/openapi.yaml
// with oapi-codegen's default configuration for types and a client: proof
// that the spec is usable by standard tools, not a client for the app
// (that is client/). oapiclient.gen.go is generated, never edited: change
// the spec, then run go generate ./internal/oapiclient/ (its test fails
// while the committed file differs from what the spec generates). Its
// other test drives the real server with it.

package oapiclient

//go:generate go tool oapi-codegen -generate types,client -package oapiclient -o oapiclient.gen.go ../../api/openapi.yaml
