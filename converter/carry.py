"""The "carry the program's tree" rule: the runtime stage gets what the image had in the
program's folders, minus what only the build reads. Pure: reads the provenance only.

Why by default: a source scan finds the files a program names, but not those a library reads
by convention (`.env` for godotenv, `config.yaml` for viper, `static/` for echo) nor the empty
folder a program writes its sqlite file into. A few kilobytes of config are nothing next to a
toolchain, and every file left behind is a failure at run time. So the analysis adds; it does
not whittle down. `--closure precise` turns the rule off (only what the analysis names).

The program's tree: the working directory it starts in and the folder its sources were built
in; for `/`, the top-level folders and files this file put there (never the base image's own
/etc, /usr, ...). Carried: files COPY/ADD brought there from the context and paths a RUN wrote
there (folders it made, files it placed), minus each ecosystem's build inputs and repository
metadata (`.git`, `Dockerfile`, CI files), minus build outputs of unknown content (trees).
A folder whose every file is carried is copied whole, so the stage stays short.
"""

from __future__ import annotations

import posixpath

from msgspec import Struct

from heuristics.repository_files import is_build_only

from .effects import KNOWN_DIRS, Effect, Origin
from .graph import Provenance


class Carried(Struct, frozen=True, gc=False):
    path: str
    why: str
    chown: str | None


def program_trees(workdir: str, source_dirs: tuple[str, ...]) -> tuple[str, ...]:
    trees: list[str] = []
    for d in (workdir, *source_dirs):
        d = posixpath.normpath(d)
        if d not in trees:
            trees.append(d)
    # A tree inside another is already covered ("/" is handled by its top-level entries).
    return tuple(t for t in trees if t == "/" or not any(t != o and o != "/" and t.startswith(o + "/") for o in trees))


def _top_level(prov: Provenance) -> tuple[list[str], list[str]]:
    """For a program whose folder is `/`: the top-level folders and files this file put there
    (`COPY . .` at `/`), never the base image's own folders (/etc, /usr, ...)."""
    folders: set[str] = set()
    files: set[str] = set()
    for p, o in prov.files.origins.items():
        parts = p.split("/")
        if o.package or len(parts) < 2 or not parts[1] or "/" + parts[1] in KNOWN_DIRS:
            continue
        (files if len(parts) == 2 and not o.dir and not o.tree and not prov.files.is_dir(p) else folders).add("/" + parts[1])
    return sorted(folders), sorted(files - folders)


def carry(trees: tuple[str, ...], prov: Provenance, effects: tuple[Effect, ...], build_inputs: tuple[str, ...],
          skip: frozenset[str]) -> list[Carried]:
    """What the rule carries, as few paths as possible (whole folders where it can)."""
    owners = _owners(effects)
    commands = {e.instruction.start_line: _first_line(e.instruction.raw) for e in effects}
    out: list[Carried] = []
    if "/" in trees:
        folders, files = _top_level(prov)
        trees = tuple(t for t in trees if t != "/") + tuple(f for f in folders if f not in trees)
        for path in files:
            origin = prov.files.origins[path]
            if path not in skip and _carried(path, origin, build_inputs):
                where = "from the context" if origin.context is not None else "made by the build"
                out.append(Carried(path, f"carried: {path[1:]} is in the program's folder / ({where})", owners.get(origin.line)))
    for tree in trees:
        # A step that wrote files the analysis cannot list (a git checkout, an unread Makefile)
        # into the program's folder: carry that folder whole, whatever it holds at build time,
        # and the rest of the program's folder as usual.
        unlisted = _unlisted(tree, prov, build_inputs, skip)
        if unlisted is not None:
            path, origin = unlisted
            out.append(Carried(path, f"carried whole: {commands.get(origin.line, f'line {origin.line}')} (line {origin.line}) "
                                     f"wrote files under {path} that the analysis cannot list", None))
            if path == tree:
                continue
        hidden = unlisted[0] if unlisted is not None else None
        out.extend(_carry_listed(tree, prov, build_inputs, skip, hidden, owners))
    return out


def copied_in(trees: tuple[str, ...], prov: Provenance, effects: tuple[Effect, ...], build_inputs: tuple[str, ...],
              skip: frozenset[str]) -> list[Carried]:
    """Files COPY/ADD brought from the context to places outside the program's folders
    (/etc/myapp/config.yaml, ~/.streamlit/config.toml, fonts in /usr/share/fonts): a program or
    its libraries read them by convention, where no source scan sees it, so they are carried
    too, minus build inputs. One folder per COPY when all it holds is carried."""
    owners = _owners(effects)

    def inside(p: str, folders: frozenset[str] | tuple[str, ...]) -> bool:
        return any(t == "/" or p == t or p.startswith(t.rstrip("/") + "/") for t in folders)

    by_line: dict[int, list[str]] = {}
    for p, o in prov.files.origins.items():
        if o.context is None or o.tree or inside(p, trees) or inside(p, skip) or is_build_only(o.context, build_inputs):
            continue
        by_line.setdefault(o.line, []).append(p)
    out: list[Carried] = []
    for line, paths in sorted(by_line.items()):
        common = posixpath.commonpath(paths) if len(paths) > 1 else None
        whole = common not in (None, "/") and all(
            p in paths for p, o in prov.files.origins.items() if p.startswith(f"{common}/") and not o.dir)
        for path in [common] if whole and common is not None else sorted(paths):
            out.append(Carried(path, f"carried: copied from the context to {path} (line {line}), outside the "
                                     "program's folder: read there by convention", owners.get(line)))
    return out


def _carry_listed(tree: str, prov: Provenance, build_inputs: tuple[str, ...], skip: frozenset[str],
                  hidden: str | None, owners: dict[int, str | None]) -> list[Carried]:
    """The files of TREE the analysis can list, minus SKIP (copied on their own) and what lies
    in HIDDEN (a folder carried whole)."""
    under = {p: o for p, o in prov.files.paths_under(tree)
             if p != tree and not (hidden and (p == hidden or p.startswith(hidden + "/")))}
    keep = {p for p, o in under.items() if _carried(p, o, build_inputs) and p not in skip}
    below = _Below(tree, under, keep, owners)
    out: list[Carried] = []
    for path in _cover(tree, below):
        rel = posixpath.relpath(path, tree)
        from_context = path in below.from_context
        why = f"carried: {rel} is in the program's folder {tree} ({'from the context' if from_context else 'made by the build'})"
        chown = below.owner(path)
        out.append(Carried(path, why, None if chown is _MIXED else chown))
    return out


class _Below:
    """What lies at or below each path of a tree, summed in one pass over its files: how many,
    how many kept, their owners, whether one came from the context; and each folder's children.
    (Asking the files again for every folder and every path was quadratic in the files.)"""

    def __init__(self, tree: str, under: dict[str, Origin], keep: set[str], owners: dict[int, str | None]):
        self.under = under
        self.total: dict[str, int] = {}
        self.kept: dict[str, int] = {}
        self.owners: dict[str, set[str | None]] = {}
        self.from_context: set[str] = set()
        self.children: dict[str, set[str]] = {}
        for p, o in under.items():
            node = p
            while True:
                self.total[node] = self.total.get(node, 0) + 1
                self.kept[node] = self.kept.get(node, 0) + (p in keep)
                self.owners.setdefault(node, set()).add(owners.get(o.line))
                if o.context is not None:
                    self.from_context.add(node)
                parent = posixpath.dirname(node)
                self.children.setdefault(parent, set()).add(node)
                if parent == tree or parent == node:
                    break
                node = parent

    def owner(self, path: str) -> str | None:
        """The one owner of PATH and all below it, None for root, or _MIXED."""
        return _one_owner(self.owners.get(path, set()))


def _cover(tree: str, below: _Below) -> list[str]:
    """The fewest paths whose copies hold exactly the kept paths: a folder when all of it is kept
    and has one owner (a copy gives everything in it the same owner)."""
    out: list[str] = []

    def visit(folder: str) -> None:
        for child in sorted(below.children.get(folder, ())):
            total, kept = below.total[child], below.kept[child]
            if kept == total and (total == 1 or below.owner(child) is not _MIXED):
                out.append(child)
            elif kept and total > (child in below.under):
                visit(child)
            elif kept:     # the child itself, kept, and nothing below it
                out.append(child)

    visit(tree)
    return out


def _first_line(raw: str) -> str:
    lines = raw.strip().splitlines() or [""]
    first = lines[0].rstrip().rstrip("\\").rstrip()
    return first + (" …" if len(lines) > 1 else "")


def _unlisted(tree: str, prov: Provenance, build_inputs: tuple[str, ...], skip: frozenset[str]) -> tuple[str, Origin] | None:
    """The outermost folder at or below TREE that a step wrote with contents it cannot list."""
    found = [(p, o) for p, o in prov.files.origins.items()
             if o.tree and not o.package and (p == tree or p.startswith(tree + "/"))
             and p not in skip and not is_build_only(posixpath.relpath(p, tree) if p != tree else "", build_inputs)]
    if not found:
        return None
    outer = min(found, key=lambda po: po[0].count("/"))
    # The whole program folder when several such folders lie in it.
    if any(not (p == outer[0] or p.startswith(outer[0] + "/")) for p, _ in found):
        return tree, outer[1]
    return outer


def _carried(path: str, origin: Origin, build_inputs: tuple[str, ...]) -> bool:
    if origin.tree:
        return False            # contents unknown (a tool's output): never swept along
    if origin.context is not None:
        return not is_build_only(origin.context, build_inputs)
    return not is_build_only(posixpath.basename(path), build_inputs)


def _owners(effects: tuple[Effect, ...]) -> dict[int, str | None]:
    """The owner each instruction gives what it writes: COPY --chown, or the USER of a RUN."""
    out: dict[int, str | None] = {}
    for e in effects:
        ins = e.instruction
        if ins.keyword in ("COPY", "ADD"):
            out[ins.start_line] = ins.flag("chown") or None
        elif ins.keyword == "RUN":
            user = e.before.user
            out[ins.start_line] = user if user and user.split(":")[0] not in ("root", "0") else None
    return out


_MIXED = "<mixed>"


def owner_of(path: str, prov: Provenance, effects: tuple[Effect, ...]) -> str | None:
    """The one owner the build gave PATH and all below it (COPY --chown, a RUN's USER); None for
    root or for owners that differ (COPY --from then gives it to root, as the carry rule does)."""
    under = {p: o for p, o in prov.files.origins.items() if p == path or p.startswith(path + "/")}
    owner = _owner(path, under, _owners(effects))
    return None if owner is _MIXED else owner


def _owner(path: str, under: dict[str, Origin], owners: dict[int, str | None]) -> str | None:
    """The one owner of PATH and all below it, None for root, or _MIXED."""
    return _one_owner({owners.get(o.line) for p, o in under.items() if p == path or p.startswith(path + "/")})


def _one_owner(found: set[str | None]) -> str | None:
    if len(found) > 1:
        return _MIXED
    owner = next(iter(found)) if found else None
    return owner if owner and "$" not in owner else None
