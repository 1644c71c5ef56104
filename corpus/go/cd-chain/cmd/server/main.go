// Command server serves quotes from the internal/quote package.
package main

import (
	"fmt"
	"log"
	"net/http"
	"strconv"
	"strings"

	"example.com/quotes/internal/quote"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, strings.Join(quote.All(), "\n"))
	})
	http.HandleFunc("/quote/", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/quote/"))
		if err != nil {
			http.Error(w, "bad quote number", http.StatusBadRequest)
			return
		}
		fmt.Fprintln(w, quote.Get(n))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
