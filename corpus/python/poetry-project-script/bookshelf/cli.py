import argparse

from waitress import serve

from .web import app


def main() -> None:
    parser = argparse.ArgumentParser(prog="bookshelf")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    serve(app, host="0.0.0.0", port=args.port)
