// Command shout prints its arguments in capitals.
package main

import (
	"fmt"
	"os"
	"strings"

	"example.com/tools/internal/text"
)

func main() { fmt.Println(strings.ToUpper(text.Join(os.Args[1:])) + "!") }
