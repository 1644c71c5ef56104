import os

import feedparser
from celery import Celery

app = Celery("feeds", broker=os.environ.get("BROKER_URL", "redis://redis:6379/0"))


@app.task
def fetch(url: str) -> int:
    return len(feedparser.parse(url).entries)
