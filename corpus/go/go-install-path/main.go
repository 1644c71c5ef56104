// Command stamp prints where it was found and a fixed report; it is installed with
// `go install` into $GOPATH/bin and started by name through PATH.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func main() {
	self, err := exec.LookPath("stamp")
	if err != nil {
		fmt.Println("stamp is not on PATH")
		os.Exit(2)
	}
	fmt.Printf("found at %s\n", self)
	fmt.Printf("PATH starts with %s\n", strings.Split(os.Getenv("PATH"), ":")[0])
	fmt.Printf("args: %s\n", strings.Join(os.Args[1:], ","))
}
