import random

from flask import Flask, jsonify

app = Flask(__name__)
QUOTES = [
    "Simple is better than complex.",
    "Readability counts.",
    "Errors should never pass silently.",
]


@app.get("/")
def index():
    return jsonify(count=len(QUOTES))


@app.get("/random")
def pick():
    return jsonify(quote=random.choice(QUOTES))
