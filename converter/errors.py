"""Errors that end a run with exit code 2 and one line on stderr."""


class InputError(Exception):
    """The Dockerfile could not be read or parsed; nothing is written."""
