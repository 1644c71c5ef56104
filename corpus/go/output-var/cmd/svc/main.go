// Command svc prints where it was started from and a small computed table.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Printf("argv0=%s\n", os.Args[0])
	fmt.Printf("BIN=%s\n", os.Getenv("BIN"))
	// something deterministic to compare: the first Fibonacci numbers
	a, b := 0, 1
	for i := 0; i < 10; i++ {
		fmt.Printf("fib(%d)=%d\n", i, a)
		a, b = b, a+b
	}
}
