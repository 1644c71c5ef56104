"""Serves the Markdown files in pages/ as HTML with the standard library's HTTP server."""
import http.server
import os

import markdown

PAGES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        name = self.path.strip("/") or "index"
        path = os.path.join(PAGES, os.path.basename(name) + ".md")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, encoding="utf-8") as f:
            body = markdown.markdown(f.read()).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    http.server.ThreadingHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
