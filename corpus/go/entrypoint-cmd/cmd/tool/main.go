// Command tool is a tiny CLI whose output depends only on its arguments.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	fs := flag.NewFlagSet("tool", flag.ContinueOnError)
	name := fs.String("name", "", "name to greet (required)")
	times := fs.Int("times", 1, "how many times to greet")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if *name == "" {
		fmt.Fprintln(os.Stderr, "tool: --name is required")
		os.Exit(2)
	}
	for i := 0; i < *times; i++ {
		fmt.Printf("hello, %s\n", *name)
	}
	fmt.Printf("name length: %d, reversed: %s\n", len(*name), reverse(*name))
	if rest := fs.Args(); len(rest) > 0 {
		fmt.Printf("extra args: %s\n", strings.Join(rest, " "))
	}
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
