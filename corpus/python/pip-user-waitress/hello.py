from flask import Flask, jsonify

app = Flask(__name__)
GREETINGS = {"en": "Hello", "fr": "Bonjour", "de": "Hallo"}


@app.get("/")
def index():
    return jsonify(sorted(GREETINGS))


@app.get("/greet/<lang>")
def greet(lang: str):
    if lang not in GREETINGS:
        return jsonify(error="unknown language"), 404
    return jsonify(greeting=GREETINGS[lang])
