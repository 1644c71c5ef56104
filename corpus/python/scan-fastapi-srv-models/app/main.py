"""A scoring API: each request names a model file under MODEL_DIR."""
from fastapi import FastAPI, HTTPException

from .scoring import MODEL_DIR, load_model, score

app = FastAPI()


@app.get("/")
def index() -> dict:
    return {"models": sorted(p.stem for p in MODEL_DIR.glob("*.json"))}


@app.get("/score/{name}")
def score_text(name: str, text: str = "") -> dict:
    try:
        model = load_model(name)
    except FileNotFoundError:
        raise HTTPException(status_code=404, detail=f"no model {name}")
    return {"model": model["name"], "version": model["version"], "score": score(model, text)}
