//go:build !cgo
// +build !cgo

package sqlite3

import "errors"

var errNoCgo = errors.New("Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub")

// Version fails: the driver needs cgo.
func Version() (string, error) { return "", errNoCgo }

// Exec fails: the driver needs cgo.
func Exec(a, b int) (int, error) { return 0, errNoCgo }
