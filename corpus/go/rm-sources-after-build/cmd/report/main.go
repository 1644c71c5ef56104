// Command report prints a short report. Its sources are deleted right after the build
// (`go build ... && rm -rf /src`): the binary is all that is left, and all it needs.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Printf("report: built with %s, sources gone\n", runtime.Version())
}
