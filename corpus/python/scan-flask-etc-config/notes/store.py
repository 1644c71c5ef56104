"""Notes are JSON files in one folder, read on every request."""
import json
from pathlib import Path

NOTES_DIR = Path("/srv/notes")


def load_notes() -> list[dict]:
    notes = []
    for path in sorted(NOTES_DIR.glob("*.json")):
        notes.append(json.loads(path.read_text()))
    if not notes:
        raise RuntimeError(f"no notes in {NOTES_DIR}")
    return notes
