// Command server prints its version: a single-file program copied into a folder made by mkdir.
package main

import "fmt"

func main() {
	fmt.Println("server 1.0, built from /app/main.go")
}
