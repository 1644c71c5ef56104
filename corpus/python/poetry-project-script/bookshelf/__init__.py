"""A reading list: books from books.json, as HTML and JSON."""
