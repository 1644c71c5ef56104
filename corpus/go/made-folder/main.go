package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

// Every visit is appended to a log file the program creates in a folder the build made;
// without that folder the program cannot even start.
func main() {
	f, err := os.OpenFile("/var/log/tally/visits.log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	visits := 0
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		visits++
		fmt.Fprintf(f, "visit %d\n", visits)
		fmt.Fprintf(w, "visits: %d\n", visits)
	})
	log.Fatal(http.ListenAndServe(":8097", nil))
}
