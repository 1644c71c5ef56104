package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
)

// Where the files live is said only outside the sources: the folder in an ENTRYPOINT
// argument, the config file in an ENV value.
func main() {
	dir := flag.String("dir", "", "folder to serve")
	flag.Parse()
	conf, err := os.ReadFile(os.Getenv("CATALOG_CONFIG"))
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/web/", http.StripPrefix("/web/", http.FileServer(http.Dir(*dir))))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "config: %s\n", strings.TrimSpace(string(conf)))
	})
	log.Fatal(http.ListenAndServe(":8095", nil))
}
