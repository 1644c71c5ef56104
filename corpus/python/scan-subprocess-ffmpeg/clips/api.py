"""Uploads a video, keeps its audio track as an MP3 next to the other clips."""
import subprocess
import uuid
from pathlib import Path

from fastapi import FastAPI, UploadFile

CLIPS = Path("/var/lib/clips")
app = FastAPI()


@app.post("/clips")
async def add_clip(video: UploadFile) -> dict:
    name = uuid.uuid4().hex
    source = CLIPS / f"{name}.upload"
    source.write_bytes(await video.read())
    subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(source), "-vn", "-q:a", "2",
                    str(CLIPS / f"{name}.mp3")], check=True)
    source.unlink()
    return {"clip": name}


@app.get("/clips")
def list_clips() -> list[str]:
    return sorted(p.stem for p in CLIPS.glob("*.mp3"))
