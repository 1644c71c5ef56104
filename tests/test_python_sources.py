"""The libcst scan of a Python app's own sources: the files it reads at run time and the
programs it runs (heuristics/python_sources.py)."""

from __future__ import annotations

from collections.abc import Mapping

from heuristics import DataRef
from heuristics.python_sources import django_static_root, launch_needs


class Files:
    """An image's files as a SourceView: absolute path -> text."""

    def __init__(self, files: Mapping[str, str]):
        self.files = dict(files)

    def files_under(self, directory: str) -> list[str]:
        prefix = directory.rstrip("/") + "/"
        return sorted(p for p in self.files if p.startswith(prefix))

    def read(self, path: str) -> str | None:
        return self.files.get(path)

    def is_dir(self, path: str) -> bool:
        prefix = path.rstrip("/") + "/"
        return any(p.startswith(prefix) for p in self.files)

    def exists(self, path: str) -> bool:
        return path in self.files or self.is_dir(path)

    def made_by_run(self, path: str) -> bool:
        return False

    def unlisted_folder(self, path: str) -> str | None:
        return None

    def built(self):
        return {}


def patterns(needs) -> list[str]:
    return [r.pattern for r in needs.data_refs]


def test_open_of_an_absolute_and_a_relative_path():
    files = Files({"/app/app.py": "import json\n\nwith open('/etc/myapp/config.json') as f:\n    CONF = json.load(f)\n"
                                  "def users():\n    return open('data/users.csv').read()\n"})
    needs = launch_needs("/app/app.py", None, "/app", files)
    assert DataRef("/etc/myapp/config.json", "app.py:3", "open") in needs.data_refs
    # relative to the process' working directory: left relative (the planner resolves it against WORKDIR)
    assert DataRef("data/users.csv", "app.py:6", "open") in needs.data_refs
    assert needs.refuse is None and not needs.commands and not needs.runs_commands
