"""A small ledger service. Its databases are out of reach in the probe, so it reports what
the entry script found (docker-entrypoint.sh exports WAITED and CLIENTS) and serves the
rest from memory."""

import json
import os

ENTRIES = {
    "2024-03": [{"memo": "rent", "cents": -120000}, {"memo": "invoice 17", "cents": 245000}],
    "2024-04": [{"memo": "rent", "cents": -120000}, {"memo": "refund", "cents": 1250}],
}


def _status() -> dict:
    waited = dict(part.split("=", 1) for part in os.environ.get("WAITED", "").split() if "=" in part)
    clients = [c for c in os.environ.get("CLIENTS", "").split(";") if c]
    return {"waited": waited, "clients": clients, "ready": all(v == "0" for v in waited.values())}


def _month(name: str) -> tuple[str, dict]:
    rows = ENTRIES.get(name)
    if rows is None:
        return "404 Not Found", {"error": f"no entries for {name}"}
    return "200 OK", {"month": name, "entries": rows, "balance_cents": sum(r["cents"] for r in rows)}


def app(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/":
        status, body = "200 OK", {"service": "ledger", "months": sorted(ENTRIES)}
    elif path == "/status":
        status, body = "200 OK", _status()
    elif path.startswith("/months/"):
        status, body = _month(path.removeprefix("/months/"))
    else:
        status, body = "404 Not Found", {"error": "not found"}
    data = (json.dumps(body, sort_keys=True) + "\n").encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
