// Command checksum prints the Adler-32 checksum of each argument, computed by a vendored
// package written in C (cgo): the binary links the build image's glibc dynamically.
package main

import (
	"fmt"
	"hash/adler32"
	"os"

	"example.com/cmath"
)

func main() {
	for _, arg := range os.Args[1:] {
		c := cmath.Adler32([]byte(arg))
		fmt.Printf("%s %08x (matches hash/adler32: %v)\n", arg, c, c == adler32.Checksum([]byte(arg)))
	}
}
