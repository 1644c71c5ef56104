// Command envapp is an HTTP server configured entirely via environment
// variables (GREETING, APP_MODE, LISTEN_ADDR).
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func getenv(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func main() {
	greeting := getenv("GREETING", "Hello")
	mode := getenv("APP_MODE", "development")
	addr := getenv("LISTEN_ADDR", ":8080")

	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s, visitor!\n", greeting)
	})
	mux.HandleFunc("/mode", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "mode=%s\n", mode)
		if mode == "production" {
			fmt.Fprintln(w, "debug endpoints disabled")
		} else {
			fmt.Fprintln(w, "debug endpoints enabled")
		}
	})

	log.Printf("envapp (%s) listening on %s", mode, addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
