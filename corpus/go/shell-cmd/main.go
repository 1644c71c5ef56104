// Command server answers on the port given with -port.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"strconv"
)

func main() {
	port := flag.Int("port", 0, "port to listen on (required)")
	flag.Parse()
	if *port <= 0 {
		log.Fatal("server: -port is required")
	}

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "listening on port %d\n", *port)
	})
	http.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s\n", r.Method, r.URL.RawQuery)
	})
	addr := ":" + strconv.Itoa(*port)
	log.Printf("listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}
