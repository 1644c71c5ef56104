// Command svc prints the version stamped into it at build time with -ldflags -X.
package main

import "fmt"

var (
	version = "dev"
	build   = "none"
)

func main() {
	if build == "" {
		build = "unset"
	}
	fmt.Printf("svc %s (build %s)\n", version, build)
}
