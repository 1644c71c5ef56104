//go:build cgo
// +build cgo

// Package sqlite3 is an offline stand-in for github.com/mattn/go-sqlite3 (no module proxy is
// reachable here): like the real driver, its code is C behind cgo, and a build without cgo
// compiles the mock in static_mock.go that fails at run time.
package sqlite3

/*
static const char *libversion(void) { return "3.40.1 (stand-in)"; }
static int add(int a, int b) { return a + b; }
*/
import "C"

import "errors"

// Version returns the SQLite library version.
func Version() (string, error) {
	return C.GoString(C.libversion()), nil
}

// Exec runs a trivial statement: it adds two numbers in C.
func Exec(a, b int) (int, error) {
	if a < 0 || b < 0 {
		return 0, errors.New("negative")
	}
	return int(C.add(C.int(a), C.int(b))), nil
}
