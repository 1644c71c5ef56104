from fastapi.testclient import TestClient

from notes_api.server import app


def test_index():
    assert TestClient(app).get("/").json()["service"] == "notes"
