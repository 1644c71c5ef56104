// Command status serves a fixed status page and a health endpoint.
package main

import (
	"encoding/json"
	"log"
	"net/http"
)

type component struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

var components = []component{
	{Name: "api", Status: "operational"},
	{Name: "database", Status: "operational"},
	{Name: "search", Status: "degraded"},
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]interface{}{
			"components": components,
		})
	})
	log.Fatal(http.ListenAndServe(":8080", mux))
}
