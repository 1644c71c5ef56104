// Command counter keeps a run counter in /var/lib/app/state.db.
//
// The Dockerfile makes the folder; the file itself is written at run time only. The build also installs an OS package with apt, which must not make
// /var/lib/app/state.db count as a file the build wrote.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

const stateFile = "/var/lib/app/state.db"

func main() {
	if st, err := os.Stat(filepath.Dir(stateFile)); err != nil || !st.IsDir() {
		fmt.Fprintln(os.Stderr, "the state folder is missing:", filepath.Dir(stateFile))
		os.Exit(1)
	}
	n := 0
	if b, err := os.ReadFile(stateFile); err == nil {
		n, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	n++
	if err := os.WriteFile(stateFile, []byte(strconv.Itoa(n)+"\n"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("run %d, state in %s\n", n, stateFile)
}
