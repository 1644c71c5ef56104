package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
)

// Serves the banner files that sit next to the sources in /src.
func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		names, _ := filepath.Glob(filepath.Join("/src", "banners", "*.txt"))
		for _, n := range names {
			b, _ := os.ReadFile(n)
			fmt.Fprintf(w, "%s: %s", filepath.Base(n), b)
		}
	})
	log.Fatal(http.ListenAndServe(":8098", nil))
}
