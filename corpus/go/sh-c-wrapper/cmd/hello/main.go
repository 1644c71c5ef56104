// Command hello prints a greeting and the name of the file it was built from.
package main

import "fmt"

func main() {
	fmt.Println("hello from cmd/hello")
}
