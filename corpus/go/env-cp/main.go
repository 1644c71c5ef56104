// Command greeter prints the greeting configured in /etc/greeter/app.json.
//
// The file is put in place by `env APP_ENV=production cp ...` in the Dockerfile: a command
// run through env, which must count as writing the file.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const configPath = "/etc/greeter/app.json"

type config struct {
	Greeting string `json:"greeting"`
	Name     string `json:"name"`
}

func main() {
	data, err := os.ReadFile(configPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "config:", err)
		os.Exit(1)
	}
	var c config
	if err := json.Unmarshal(data, &c); err != nil {
		fmt.Fprintln(os.Stderr, "config:", err)
		os.Exit(1)
	}
	fmt.Printf("%s, %s!\n", c.Greeting, c.Name)
}
