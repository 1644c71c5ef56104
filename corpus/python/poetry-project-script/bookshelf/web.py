import json
from pathlib import Path

from flask import Flask, abort, jsonify

app = Flask(__name__)
BOOKS = json.loads((Path(__file__).parent / "books.json").read_text())

PAGE = "<!doctype html><title>Bookshelf</title><h1>Reading list</h1><ul>{}</ul>"


@app.get("/")
def index():
    items = "".join(f"<li>{b['title']} ({b['year']})</li>" for b in BOOKS)
    return PAGE.format(items)


@app.get("/books")
def books():
    return jsonify(BOOKS)


@app.get("/books/<int:n>")
def book(n: int):
    if not 0 <= n < len(BOOKS):
        abort(404)
    return jsonify(BOOKS[n])
