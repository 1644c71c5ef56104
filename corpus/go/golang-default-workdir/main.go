package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

// The greeting comes from a file next to the sources, read relative to the working
// directory the image starts in (/go for the golang image).
func main() {
	greeting, err := os.ReadFile("src/app/greeting.txt")
	if err != nil {
		log.Fatal(err)
	}
	wd, _ := os.Getwd()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s from %s\n", greeting, wd)
	})
	log.Fatal(http.ListenAndServe(":8093", nil))
}
