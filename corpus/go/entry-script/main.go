// Command worker reports the settings it was started with and exits.
// It expects docker-entrypoint.sh to have prepared its environment.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	verbose := flag.Bool("v", false, "verbose output")
	flag.Parse()

	by := os.Getenv("WORKER_STARTED_BY")
	if by == "" {
		fmt.Fprintln(os.Stderr, "worker: not started through docker-entrypoint.sh")
		os.Exit(3)
	}
	fmt.Printf("worker: started by %s\n", by)
	fmt.Printf("worker: queue=%s concurrency=%s\n", os.Getenv("WORKER_QUEUE"), os.Getenv("WORKER_CONCURRENCY"))
	if *verbose {
		fmt.Println("worker: verbose mode")
	}
	fmt.Println("worker: processed 0 jobs, exiting")
}
