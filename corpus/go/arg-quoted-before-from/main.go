// Command versioner prints the version information stamped in at build time
// with -ldflags "-X main.version=... -X main.commit=...".
package main

import (
	"flag"
	"fmt"
	"os"
)

var (
	version = "dev"
	commit  = "none"
)

func main() {
	showVersion := flag.Bool("version", false, "print version and exit")
	flag.Parse()

	if *showVersion {
		fmt.Printf("versioner %s (commit %s)\n", version, commit)
		return
	}
	fmt.Fprintln(os.Stderr, "usage: versioner --version")
	os.Exit(64)
}
