import os
import tomllib
from pathlib import Path

import uvicorn
from fastapi import FastAPI, HTTPException

SEED = tomllib.loads((Path(__file__).parent / "seed.toml").read_text())
NOTES: dict[int, str] = {int(k): v for k, v in SEED["notes"].items()}

app = FastAPI(title="notes")


@app.get("/")
def index() -> dict[str, object]:
    return {"service": "notes", "count": len(NOTES)}


@app.get("/notes/{note_id}")
def note(note_id: int) -> dict[str, object]:
    if note_id not in NOTES:
        raise HTTPException(status_code=404, detail="no such note")
    return {"id": note_id, "text": NOTES[note_id]}


def run() -> None:
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "8080")))
