from flask import Flask, abort, jsonify

app = Flask(__name__)
QUOTES = [
    "Simple is better than complex.",
    "Readability counts.",
    "Errors should never pass silently.",
]


@app.get("/")
def index():
    return jsonify(count=len(QUOTES))


@app.get("/quotes/<int:n>")
def quote(n: int):
    if not 0 <= n < len(QUOTES):
        abort(404)
    return jsonify(quote=QUOTES[n])
