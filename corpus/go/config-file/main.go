// Command inventory serves warehouse figures read from config/app.json.
//
// The configuration file is read at start-up from a path relative to the
// working directory, so it has to be present at run time.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
)

const configPath = "config/app.json"

type Warehouse struct {
	Code  string `json:"code"`
	City  string `json:"city"`
	Items int    `json:"items"`
}

type Config struct {
	Service    string      `json:"service"`
	Listen     string      `json:"listen"`
	Currency   string      `json:"currency"`
	Warehouses []Warehouse `json:"warehouses"`
}

func loadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if c.Listen == "" {
		c.Listen = ":8081"
	}
	return &c, nil
}

func main() {
	cfg, err := loadConfig(configPath)
	if err != nil {
		log.Fatalf("config: %v", err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		total := 0
		for _, wh := range cfg.Warehouses {
			total += wh.Items
		}
		fmt.Fprintf(w, "%s: %d warehouses, %d items (prices in %s)\n",
			cfg.Service, len(cfg.Warehouses), total, cfg.Currency)
	})
	mux.HandleFunc("/warehouses", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(cfg.Warehouses)
	})

	log.Printf("%s listening on %s", cfg.Service, cfg.Listen)
	log.Fatal(http.ListenAndServe(cfg.Listen, mux))
}
