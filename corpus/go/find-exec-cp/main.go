// Command confdump prints the two config files it reads from /etc/app.
//
// The files are gathered by `find conf -name '*.conf' -exec cp {} /etc/app/ \;`: find runs cp
// once per file found, so /etc/app holds files the Dockerfile never names one by one.
package main

import (
	"fmt"
	"os"
)

var files = []string{"/etc/app/server.conf", "/etc/app/log.conf"}

func main() {
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %s", f, b)
	}
}
