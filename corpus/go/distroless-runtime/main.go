// Command report prints a fixed report about its environment; a static binary that
// needs nothing from its base image.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
)

func main() {
	fmt.Printf("go runtime: %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Printf("uid: %d\n", os.Getuid())
	var keys []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "REPORT_") {
			keys = append(keys, kv)
		}
	}
	sort.Strings(keys)
	fmt.Println(strings.Join(keys, "\n"))
	if len(os.Args) > 1 {
		fmt.Printf("args: %s\n", strings.Join(os.Args[1:], " "))
	}
}
