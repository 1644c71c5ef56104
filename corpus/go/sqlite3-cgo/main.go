// Command notes opens its (stand-in) SQLite driver and prints what it reports; with a build
// that disabled cgo it exits with go-sqlite3's "requires cgo" error instead.
package main

import (
	"fmt"
	"os"

	sqlite3 "github.com/mattn/go-sqlite3"
)

func main() {
	v, err := sqlite3.Version()
	if err != nil {
		fmt.Fprintln(os.Stderr, "notes:", err)
		os.Exit(1)
	}
	n, err := sqlite3.Exec(40, 2)
	if err != nil {
		fmt.Fprintln(os.Stderr, "notes:", err)
		os.Exit(1)
	}
	fmt.Printf("sqlite %s; select 40+2 = %d\n", v, n)
}
