"""Word-weight models kept as JSON files outside the code: MODEL_DIR (default /srv/models)."""
import json
import os
from pathlib import Path

MODEL_DIR = Path(os.environ.get("MODEL_DIR", "/srv/models"))


def load_model(name: str) -> dict:
    return json.loads((MODEL_DIR / f"{name}.json").read_text())


def score(model: dict, text: str) -> float:
    weights = model["weights"]
    return sum(weights.get(word, 0.0) for word in text.lower().split())
