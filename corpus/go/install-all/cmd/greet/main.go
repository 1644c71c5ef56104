// Command greet greets its arguments.
package main

import (
	"fmt"
	"os"

	"example.com/tools/internal/text"
)

func main() { fmt.Println("hello,", text.Join(os.Args[1:])) }
