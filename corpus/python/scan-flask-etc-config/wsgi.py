"""The WSGI entry point gunicorn loads: the application the notes package builds."""
from notes import create_app

app = create_app()
