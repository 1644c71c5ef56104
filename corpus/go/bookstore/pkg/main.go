// Command bookstore serves a small, fixed catalogue of books over HTTP.
//
// The HTML templates are loaded at start-up from the "templates" directory,
// relative to the working directory, so the binary needs that directory next
// to it at run time.
package main

import (
	"html/template"
	"log"
	"net/http"
)

type Book struct {
	ID     int
	Title  string
	Author string
	Year   int
}

var books = []Book{
	{ID: 1, Title: "The Go Programming Language", Author: "Alan A. A. Donovan, Brian W. Kernighan", Year: 2015},
	{ID: 2, Title: "The C Programming Language", Author: "Brian W. Kernighan, Dennis M. Ritchie", Year: 1978},
	{ID: 3, Title: "Structure and Interpretation of Computer Programs", Author: "Harold Abelson, Gerald Jay Sussman", Year: 1985},
	{ID: 4, Title: "The Pragmatic Programmer", Author: "Andrew Hunt, David Thomas", Year: 1999},
}

type server struct {
	tmpl *template.Template
}

func (s *server) render(w http.ResponseWriter, name string, data interface{}) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.tmpl.ExecuteTemplate(w, name, data); err != nil {
		log.Printf("render %s: %v", name, err)
		http.Error(w, "template error", http.StatusInternalServerError)
	}
}

func (s *server) index(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	s.render(w, "index.html", map[string]interface{}{
		"Title": "Bookstore",
		"Count": len(books),
	})
}

func (s *server) list(w http.ResponseWriter, r *http.Request) {
	s.render(w, "books.html", map[string]interface{}{
		"Title": "All books",
		"Books": books,
	})
}

func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func main() {
	tmpl, err := template.ParseGlob("templates/*")
	if err != nil {
		log.Fatalf("loading templates: %v", err)
	}
	s := &server{tmpl: tmpl}

	mux := http.NewServeMux()
	mux.HandleFunc("/", s.index)
	mux.HandleFunc("/books", s.list)
	mux.HandleFunc("/healthz", healthz)

	log.Println("bookstore listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", mux))
}
