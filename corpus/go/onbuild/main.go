// Command appinfo describes the conventions of the Go service base image.
package main

import "fmt"

func main() {
	fmt.Println("go service base image")
	fmt.Println("  sources: /go/src/app (copied by ONBUILD)")
	fmt.Println("  binary:  /go/bin/app (built by ONBUILD)")
	fmt.Println("  port:    8080")
}
