// Command whoami prints the numeric identity it runs with and refuses to
// run as root.
package main

import (
	"fmt"
	"os"
)

func main() {
	uid, gid := os.Getuid(), os.Getgid()
	fmt.Printf("uid=%d gid=%d euid=%d egid=%d\n", uid, gid, os.Geteuid(), os.Getegid())
	if uid == 0 {
		fmt.Println("running as root: refusing")
		os.Exit(1)
	}
	fmt.Println("running unprivileged: ok")
}
