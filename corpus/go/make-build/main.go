// Command app prints its name and build mode; built by `make build`.
package main

import "fmt"

var mode = "dev"

func main() {
	fmt.Printf("app built by make (mode %s)\n", mode)
}
