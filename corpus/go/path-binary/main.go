// Command greeter prints a fixed greeting and exits.
package main

import (
	"flag"
	"fmt"
	"strings"
)

func main() {
	name := flag.String("name", "stranger", "who to greet")
	shout := flag.Bool("shout", false, "print the greeting in upper case")
	flag.Parse()

	msg := fmt.Sprintf("Hello, %s! Welcome aboard.", *name)
	if *shout {
		msg = strings.ToUpper(msg)
	}
	fmt.Println(msg)
	for i, line := range []string{"check the docs", "run the tests", "ship it"} {
		fmt.Printf("  %d. %s\n", i+1, line)
	}
}
