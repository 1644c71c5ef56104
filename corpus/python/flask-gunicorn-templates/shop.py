"""A tiny catalogue page: a template, a static file and a JSON endpoint."""
from pathlib import Path

from flask import Flask, jsonify, render_template

app = Flask(__name__)
ITEMS = [line.split(",") for line in (Path(__file__).parent / "items.csv").read_text().splitlines() if line]


@app.route("/")
def index():
    return render_template("index.html", items=ITEMS)


@app.route("/api/items")
def items():
    return jsonify([{"name": n, "price": float(p)} for n, p in ITEMS])
