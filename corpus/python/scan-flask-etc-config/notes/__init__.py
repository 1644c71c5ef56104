"""A small notes site: its settings come from /etc/notes/config.toml, its notes from the JSON
files of the folder those settings name (/srv/notes by default)."""
import tomllib

from flask import Flask, jsonify, render_template

from .store import NOTES_DIR, load_notes

CONFIG_FILE = "/etc/notes/config.toml"


def create_app() -> Flask:
    with open(CONFIG_FILE, "rb") as fh:
        config = tomllib.load(fh)
    app = Flask(__name__, template_folder="../templates")

    @app.route("/")
    def index():
        return render_template("index.html", title=config["title"], greeting=config["greeting"],
                               notes=load_notes())

    @app.route("/api/notes")
    def api_notes():
        return jsonify({"source": str(NOTES_DIR), "notes": load_notes()})

    return app
