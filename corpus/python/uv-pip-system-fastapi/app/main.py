from datetime import date

from fastapi import FastAPI, HTTPException

app = FastAPI(title="holidays")

HOLIDAYS = {
    "new-year": date(2025, 1, 1),
    "midsummer": date(2025, 6, 21),
    "solstice": date(2025, 12, 21),
}


@app.get("/")
def index() -> dict[str, int]:
    return {"holidays": len(HOLIDAYS)}


@app.get("/holidays/{name}")
def holiday(name: str) -> dict[str, str]:
    if name not in HOLIDAYS:
        raise HTTPException(status_code=404, detail="unknown holiday")
    return {"name": name, "date": HOLIDAYS[name].isoformat()}
