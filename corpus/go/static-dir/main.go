// Command landing serves the files in ./static plus a small API endpoint.
package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir("static")))
	mux.HandleFunc("/api/version", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"name":"landing","version":"2.0.1"}`)
	})
	log.Println("serving ./static on :8000")
	log.Fatal(http.ListenAndServe(":8000", mux))
}
