// Package testkit holds what the tests of many packages share and that needs
// nothing but the standard library: a settable clock and a buffer safe to
// read while a server writes its log (the foundation's time zone is
// api.Casablanca). It is imported only by tests (never by the server or the
// app), and keeps no dependency beyond the standard library so that the
// Fyne test binaries may import it too.
//
// Its subpackage testdb gives each test a database of its own; the package
// server/testserver starts the real server with the demo data.
package testkit
