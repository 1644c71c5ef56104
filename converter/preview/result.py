"""One file's outcome, as every preview format reads it."""

from __future__ import annotations

from msgspec import Struct

from ..model import Dockerfile
from ..plan import Plan


class FileResult(Struct, frozen=True, gc=False):
    """A Dockerfile as given on the command line, and what became of it: a plan and the new
    text, or the one-line error that stopped it (unreadable, unparsable, rejected)."""

    path: str
    df: Dockerfile | None = None
    plan: Plan | None = None
    new: str | None = None
    diff: str = ""
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.df is not None and self.new is not None and self.new != self.df.text
