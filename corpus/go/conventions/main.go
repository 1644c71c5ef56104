package main

import (
	"bufio"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Files found by convention, never named as a whole literal path: a .env file and a
// config.yaml next to the working directory (as godotenv and viper read them), a static
// folder served by name, and a database folder (kept in git by .gitkeep) written at run time.
func main() {
	wd, _ := os.Getwd()
	env := loadDotenv(filepath.Join(wd, ".env"))
	conf, err := os.ReadFile(wd + "/config.yaml")
	if err != nil {
		log.Fatal(err)
	}
	dir := "static"
	db := filepath.Join(wd, "database", "notes.db")
	if err := os.WriteFile(db, []byte("note 1\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	http.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir(dir))))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		saved, _ := os.ReadFile(db)
		fmt.Fprintf(w, "greeting=%s\nconfig=%s\ndb=%s", env["GREETING"], strings.TrimSpace(string(conf)), saved)
	})
	log.Fatal(http.ListenAndServe(":8094", nil))
}

func loadDotenv(path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), "="); ok {
			out[k] = v
		}
	}
	return out
}
