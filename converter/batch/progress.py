"""What a batch says while it runs, on stderr: a rich progress bar on a terminal; otherwise
(CI logs) a plain line every 5% of the files or every 10 seconds, whichever comes first, so
that 10,000 files make about twenty lines. Errors and skipped files get a line each, in both,
up to `NOTES` of them (the report has them all)."""

from __future__ import annotations

import sys
import time
from collections import Counter

from .record import Record

NOTES = 100


class Plain:
    def __init__(self, total: int, every_seconds: float = 10.0) -> None:
        self.total, self.done, self.counts = total, 0, Counter[str]()
        self.step = max(1, total // 20)
        self.every = every_seconds
        self.last = self.start = time.monotonic()
        self.notes = 0

    def note(self, record: Record) -> str | None:
        """The line for an error or a skipped file, while there are not too many of them."""
        if record.status not in ("error", "skipped"):
            return None
        self.notes += 1
        if self.notes > NOTES:
            return None
        more = " (more errors and skipped files: see the report)" if self.notes == NOTES else ""
        return f"{record.path}: {record.status}: {record.reason}{more}"

    def __enter__(self) -> Plain:
        _say(f"stagesplit: batch: {self.total} files")
        return self

    def _count(self, record: Record) -> str | None:
        """Count RECORD; the line to show for it, if any."""
        self.done += 1
        self.counts[record.status] += 1
        return self.note(record)

    def __call__(self, record: Record) -> None:
        line = self._count(record)
        if line:
            _say(f"stagesplit: {line}")
        now = time.monotonic()
        if self.done % self.step == 0 or now - self.last >= self.every:
            self.last = now
            _say(f"stagesplit: batch: {self.done}/{self.total} files ({self._counts()}) in {now - self.start:.1f} s")

    def _counts(self) -> str:
        return ", ".join(f"{self.counts[s]} {s}" for s in ("converted", "unchanged", "error", "skipped"))

    def __exit__(self, *exc) -> None:
        pass


class Bar(Plain):
    """rich's progress bar, with the counts by status beside it."""

    def __enter__(self) -> Bar:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.console = Console(stderr=True)
        self.progress = Progress(TextColumn("batch"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                                 TimeElapsedColumn(), TimeRemainingColumn(), console=self.console, transient=False)
        self.progress.__enter__()
        self.task = self.progress.add_task("", total=self.total)
        return self

    def __call__(self, record: Record) -> None:
        line = self._count(record)
        if line:
            self.progress.console.print(line, markup=False, highlight=False)
        self.progress.update(self.task, advance=1, description=self._counts())

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)


def _say(line: str) -> None:
    try:
        if sys.stderr is not None:
            sys.stderr.write(line.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
