"""Which files a batch converts.

Under each ROOT folder: the files named like Dockerfiles (`NAME_PATTERNS`, or the --include
globs instead), minus what git ignores (every `.gitignore` from the repository's top down, and
`.git/info/exclude`), what --exclude and the configuration's `exclude` name, and backups,
templates and our own temporary files. A file or folder given by name (a ROOT that is a file,
a line of --files-from) is taken whatever its name; --exclude and the configuration still apply.

Never follows a symbolic link out of ROOT: such a link is listed as skipped, with a note; a
link to a folder inside ROOT is not followed (its files are found under their own path), and a
file reached twice is converted once. Files over the size limit, and anything that is not a
regular file (a FIFO named Dockerfile would block a reader), are listed as skipped.

The order is deterministic: the ROOTs in the order given, each one's files by path.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Iterable

from msgspec import Struct

from .. import config
from ..errors import InputError

SEARCH = "?"      # Found.config / Job.config: the configuration in force is not known, the worker searches

NAME_PATTERNS = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile", "Containerfile.*")
# Names that match the patterns but are not Dockerfiles to convert: our own backups and temporary
# files (a second run must not convert `Dockerfile.orig`), editors' and patch tools' leftovers,
# BuildKit's per-Dockerfile ignore files, and templates rendered into Dockerfiles by other tools.
NOT_DOCKERFILES = (".orig", ".rej", ".bak", ".old", ".swp", ".swo", "~", ".tmp", ".dockerignore", ".j2", ".jinja",
                   ".jinja2", ".tpl", ".tmpl", ".template", ".in", ".erb", ".md", ".txt", ".patch", ".diff")


class Found(Struct, frozen=True):
    path: str                   # to open
    shown: str                  # in the report: ROOT joined with the path below it, or as listed
    boundary: str | None        # where the search for a configuration stops (config.find)
    note: str | None = None     # set: skipped, for this reason
    real: str | None = None     # its path with symbolic links resolved, where the walk knows it
    # The configuration in force in its folder, found while walking (its path; None: none), so
    # that the worker need not search again; SEARCH: not known (a broken one: the worker says so).
    config: str | None = SEARCH


_NAME = re.compile("|".join(fnmatch.translate(p) for p in NAME_PATTERNS))


def is_dockerfile_name(name: str) -> bool:
    return _NAME.match(name) is not None and not name.startswith(".stagesplit-") and not name.endswith(NOT_DOCKERFILES)


def repository_root(folder: str) -> str | None:
    """The nearest folder from FOLDER upward that holds `.git`."""
    folder = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


class _Ignores:
    """gitignore files in force for one folder: (folder, spec), the deepest last; git's rule that a
    deeper file's match wins, and that nothing inside an ignored folder comes back, both hold."""

    def __init__(self, layers: tuple[tuple[str, object], ...] = ()):
        self.layers = layers

    def below(self, folder: str) -> _Ignores:
        spec = _read_spec(os.path.join(folder, ".gitignore"))
        return _Ignores((*self.layers, (folder, spec))) if spec is not None else self

    def ignored(self, path: str, is_dir: bool) -> bool:
        """PATH: absolute and normalised, below every layer's folder."""
        for folder, spec in reversed(self.layers):
            rel = path[len(folder.rstrip(os.sep)) + 1:].replace(os.sep, "/") + ("/" if is_dir else "")
            result = spec.check_file(rel)      # type: ignore[attr-defined]
            if result.include is not None:
                return bool(result.include)
        return False


def _read_spec(path: str):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    import pathspec  # git's own wildmatch rules (anchoring, `dir/`, `**`, negation); no need to hand-write them

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _globs(patterns: Iterable[str]):
    patterns = tuple(patterns)
    if not patterns:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


class Filters(Struct, frozen=True):
    include: tuple[str, ...] = ()       # gitignore-style globs, relative to ROOT; replace NAME_PATTERNS
    exclude: tuple[str, ...] = ()       # gitignore-style globs, relative to ROOT (or to the working directory for listed files)
    gitignore: bool = True
    max_bytes: int | None = None        # --max-size; None: the configuration's, else the default
    config_file: str | None = None      # --config FILE: exactly this configuration (config.in_force)
    no_config: bool = False             # --no-config: none at all


def discover(roots: Iterable[str], filters: Filters = Filters()) -> list[Found]:
    """Every file to convert or to list as skipped, in order; a ROOT that does not exist is an
    `InputError` (listed files that vanished are reported as errors by the worker instead)."""
    include, exclude = _globs(filters.include), _globs(filters.exclude)
    out: list[Found] = []
    seen: dict[str, str] = {}          # real path -> the path it was first found under
    for root in roots:
        if not os.path.lexists(root):
            raise InputError(f"{root}: no such file or folder")
        if os.path.isdir(root):
            found = _walk(root, filters, include, exclude)
        else:
            given = _given_file(root, exclude, filters)
            found = [given] if given is not None else []
        out.extend(_first_time(f, seen) for f in found)
    return out


def _first_time(f: Found, seen: dict[str, str]) -> Found:
    """A second path to a file already found (a link, a ROOT inside another) is listed as skipped:
    one file is converted once. `seen` maps real paths to the path first shown."""
    if f.note is not None or not os.path.lexists(f.path):
        return f
    real = f.real or os.path.realpath(f.path)
    if real in seen:
        return Found(f.path, f.shown, f.boundary, f"the same file as {seen[real]}, converted once")
    seen[real] = f.shown
    return f


def listed(lines: Iterable[str], filters: Filters = Filters()) -> list[Found]:
    """--files-from: each line a file (taken whatever its name) or a folder (walked as a ROOT)."""
    exclude = _globs(filters.exclude)
    out: list[Found] = []
    for line in lines:
        if not line:
            continue
        if os.path.isdir(line) and not os.path.islink(line):
            out.extend(discover([line], filters))
        else:
            given = _given_file(line, exclude, filters)
            if given is not None:
                out.append(given)
    seen: dict[str, str] = {}
    return [_first_time(f, seen) for f in out]


def _given_file(path: str, exclude, filters: Filters) -> Found | None:
    """A file named on the command line or in --files-from: taken whatever its name, unless
    --exclude or its configuration's `exclude` leaves it out (None)."""
    shown = os.path.normpath(path)
    if exclude is not None and exclude.match_file(shown):
        return None
    cfg = _config_for(os.path.dirname(os.path.abspath(path)), None, filters)
    if cfg is not None and cfg.excludes(path):
        return None
    if not os.path.lexists(path):
        return Found(path, shown, None)           # the worker says "no such file"
    return Found(path, shown, None, _file_note(path, shown, filters, None))


def _file_note(path: str, shown: str, filters: Filters, boundary: str | None, here: _InForce | None = None) -> str | None:
    """Why a file that would be converted is skipped, if it is."""
    try:
        st = os.stat(path)
    except OSError:
        if os.path.islink(path):
            return f"a broken symbolic link (to {os.readlink(path)})"
        return None        # unreadable metadata: the worker reports the error
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file" + (" (a FIFO: reading it would wait for a writer)" if stat.S_ISFIFO(st.st_mode) else "")
    limit = _limit(path, filters, boundary, here)
    if st.st_size > limit:
        return f"larger than {limit} bytes ({st.st_size}): --max-size or the configuration's max-size raises the limit"
    return None


def _limit(path: str, filters: Filters, boundary: str | None, here: _InForce | None = None) -> int:
    """The size limit of the file at PATH; HERE: the configuration in force in its folder, when the walk knows it."""
    if filters.max_bytes is not None:
        return filters.max_bytes
    from ..files import DEFAULT_MAX_BYTES
    from ..options import size

    try:
        if here is not None and here.known:
            configured = (here.config.for_file(path).settings if here.config else config.NONE.settings).max_size
        else:
            configured = config.for_dockerfile(path, boundary, filters.config_file, filters.no_config).settings.max_size
        return size(configured) if configured else DEFAULT_MAX_BYTES
    except Exception:   # a bad configuration: the worker reports it as this file's error
        return DEFAULT_MAX_BYTES


def _walk(root: str, filters: Filters, include, exclude) -> list[Found]:
    real_root = os.path.realpath(root)
    repo = repository_root(root)
    boundary = repo or os.path.abspath(root)
    ignores = _Ignores()
    if filters.gitignore and repo is not None:
        top = _read_spec(os.path.join(repo, ".git", "info", "exclude"))
        if top is not None:
            ignores = _Ignores(((repo, top),))
        # the .gitignore files of the folders from the repository's top down to ROOT
        chain = []
        folder = os.path.abspath(root)
        while True:
            chain.append(folder)
            if folder == repo or os.path.dirname(folder) == folder:
                break
            folder = os.path.dirname(folder)
        for folder in reversed(chain[1:]):
            ignores = ignores.below(folder)
    out: list[Found] = []
    abs_root = os.path.abspath(root)
    # (folder, its path below ROOT, the gitignore layers above it, the configuration in force above it)
    stack: list[tuple[str, str, _Ignores, _InForce | None]] = [(abs_root, "", ignores, None)]
    while stack:
        folder, rel_folder, ign, above = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)      # in the file system's order: the files found are sorted at the end
        except OSError as e:
            out.append(Found(folder, os.path.normpath(os.path.join(root, rel_folder)), boundary,
                             f"a folder that cannot be listed: {e.strerror or e}"))
            continue
        # What the folder holds decides whether its .gitignore or configuration files are read at all:
        # most folders of an estate have neither, and a failed open per name and folder was most of
        # discovery's time.
        names = {e.name for e in entries}
        if filters.gitignore and ".gitignore" in names:
            ign = ign.below(folder)
        here = _in_force(folder, names, above, boundary, filters)
        cfg, cfg_path = here.config, here.path
        subfolders = []
        for entry in entries:
            name = entry.name
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if not is_dir and not is_link and include is None and not is_dockerfile_name(name):
                continue                       # the common case, decided on the name alone
            if is_dir and name == ".git":
                continue
            rel = f"{rel_folder}/{name}" if rel_folder else name
            if filters.gitignore and ign.ignored(entry.path, is_dir):
                continue
            if exclude is not None and exclude.match_file(rel + ("/" if is_dir else "")):
                continue
            if cfg is not None and cfg.excludes(entry.path, is_dir):
                continue
            shown = os.path.normpath(os.path.join(root, rel))
            if is_link:
                target = os.path.realpath(entry.path)
                inside = target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)
                if not inside:
                    if os.path.isdir(entry.path) or _wanted(name, rel, include):
                        out.append(Found(entry.path, shown, boundary, f"a symbolic link out of ROOT (to {target}): not followed"))
                    continue
                if os.path.isdir(entry.path):
                    continue                       # inside ROOT: its files are found under their own path
            if is_dir:
                subfolders.append((entry.path, rel))
                continue
            if not _wanted(name, rel, include):
                continue
            # no folder below ROOT was reached through a link: the real path is ROOT's real path + rel
            real = os.path.realpath(entry.path) if is_link else os.path.join(real_root, rel)
            out.append(Found(entry.path, shown, boundary, _file_note(entry.path, shown, filters, boundary, here), real,
                             cfg_path))
        for sub, rel in reversed(subfolders):
            stack.append((sub, rel, ign, here))
    return sorted(out, key=lambda f: f.shown.split(os.sep))


def _config_for(folder: str, boundary: str | None, filters: Filters) -> config.Config | None:
    """The configuration in force in FOLDER (or the one --config names, or none with --no-config),
    for its `exclude` (a broken one: the worker says so)."""
    try:
        return config.in_force(folder, boundary, filters.config_file, filters.no_config)
    except InputError:
        return None


class _InForce(Struct, frozen=True):
    """The configuration in force in one folder of the walk."""

    config: config.Config | None        # None: none, or a broken one (then `path` is SEARCH)
    path: str | None                    # its file; None: none; SEARCH: a broken one, the worker says why

    @property
    def known(self) -> bool:
        return self.path != SEARCH


def _in_force(folder: str, names: set[str], above: _InForce | None, boundary: str | None, filters: Filters) -> _InForce:
    """The configuration in force in FOLDER, whose entries are NAMES, given the one in force in
    its parent (ABOVE; None for the walk's top): config.find's rule, taken one folder down at a
    time. --config and --no-config, and the walk's top, ask config.in_force itself."""
    try:
        if above is None or filters.config_file is not None or filters.no_config:
            found = config.in_force(folder, boundary, filters.config_file, filters.no_config)
        else:
            found = None
            for name in config.FILENAMES:
                if name in names:
                    found = config.read(os.path.join(folder, name))
                    if found is not None:
                        break
            if found is None:
                if (".git" in names and os.path.exists(os.path.join(folder, ".git"))) or folder == boundary:
                    return _InForce(None, None)       # the search stops here: a repository's top
                return above          # a broken one above too: config.find would meet the same file
    except InputError:
        return _InForce(None, SEARCH)
    return _InForce(found, found.path if found is not None else None)


def _wanted(name: str, rel: str, include) -> bool:
    if include is not None:
        return bool(include.match_file(rel)) and not name.startswith(".stagesplit-") and not name.endswith(".orig")
    return is_dockerfile_name(name)
