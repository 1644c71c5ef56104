"""Cargo's files, read as cargo reads them: manifests (Cargo.toml), workspaces, the lock file
(Cargo.lock) and `.cargo/config.toml`. Pure functions over a `SourceView`; `tomllib` parses.

- Binary targets of a package: `[[bin]]` entries (name, path, required-features) and, unless
  `autobins = false`, the inferred ones: `src/main.rs` (named after the package),
  `src/bin/NAME.rs` and `src/bin/NAME/main.rs`; an explicit target of the same name or path
  replaces the inferred one. Examples likewise (`[[example]]`, `examples/NAME.rs`).
- A workspace: the manifest with `[workspace]` at or above the package (or the one
  `package.workspace` names) whose `members` globs include it and whose `exclude` does not;
  its folder holds `target/` and `Cargo.lock`.
- Config: `.cargo/config.toml` (or `.cargo/config`) in the working directory and each folder
  above it, then `$CARGO_HOME/config.toml`; nearer files win key by key, as cargo merges them.

Everything returns None when a file it needs exists in the image but cannot be read (written
by a RUN step): the caller then leaves the command an unknown effect rather than guess.

Example: `/app/Cargo.toml` with `[package] name = "web"` and `/app/src/main.rs` -> one binary,
"web", built to `/app/target/release/web` by `cargo build --release` in /app.
"""

from __future__ import annotations

import fnmatch
import posixpath
import tomllib
from collections.abc import Mapping
from typing import Any

from msgspec import Struct, field

from . import SourceView


class Unreadable(Exception):
    """A file cargo would read is in the image but its text is not known to the analysis."""


class Target(Struct, frozen=True, gc=False):
    name: str
    path: str                                   # absolute source path
    required_features: tuple[str, ...] = ()


class Package(Struct, frozen=True, gc=False):
    name: str
    dir: str                                    # the folder of its Cargo.toml
    manifest: Mapping[str, Any]
    bins: tuple[Target, ...]
    examples: tuple[Target, ...]
    has_lib: bool


class Workspace(Struct, frozen=True, gc=False):
    root: str                                   # folder of the root manifest
    members: tuple[Package, ...]                # every member package (the root package included)
    default: tuple[Package, ...]                # what `cargo build` with no -p builds from the root
    virtual: bool
    manifests: tuple[Mapping[str, Any], ...] = field(default=())   # every manifest read


def exists(sources: SourceView, path: str) -> bool:
    """Whether PATH is a file of the image; Unreadable when it lies in a folder a step wrote
    with contents the analysis cannot list (a git checkout, COPY --from): it may be there."""
    if path in sources.files_under(path):
        return True
    folder = sources.unlisted_folder(path)
    if folder is not None:
        raise Unreadable(f"{path} (under {folder}, whose files the analysis cannot list)")
    return False


def read_toml(sources: SourceView, path: str) -> dict[str, Any] | None:
    """The parsed file, None when absent; Unreadable when present but not readable/parsable."""
    text = sources.read(path)
    if text is None:
        if exists(sources, path):
            raise Unreadable(path)
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise Unreadable(f"{path} ({e})") from e


def find_manifest(sources: SourceView, cwd: str) -> str | None:
    """The Cargo.toml cargo uses from CWD: in it, else in the nearest folder above."""
    d = posixpath.normpath(cwd)
    while True:
        p = posixpath.join(d, "Cargo.toml")
        if exists(sources, p):
            return p
        if d == "/":
            return None
        d = posixpath.dirname(d)


def _rs_files(sources: SourceView, directory: str) -> list[str]:
    return [f for f in sources.files_under(directory) if f.endswith(".rs")]


def _inferred(sources: SourceView, pkg_dir: str, folder: str) -> dict[str, str]:
    """NAME -> path for `folder/NAME.rs` and `folder/NAME/main.rs` (src/bin, examples)."""
    base = posixpath.join(pkg_dir, folder)
    out: dict[str, str] = {}
    for f in _rs_files(sources, base):
        rel = posixpath.relpath(f, base).split("/")
        if len(rel) == 1:
            out.setdefault(rel[0][:-3], f)
        elif len(rel) == 2 and rel[1] == "main.rs":
            out.setdefault(rel[0], f)
    return out


def _targets(sources: SourceView, pkg_dir: str, entries: list[dict[str, Any]], inferred: dict[str, str],
             auto: bool, default_path: str) -> tuple[Target, ...]:
    out: list[Target] = []
    for e in entries:
        name = e.get("name")
        if not isinstance(name, str):
            raise Unreadable(f"{pkg_dir}/Cargo.toml: a target without a name")
        path = e.get("path")
        if isinstance(path, str):
            full = posixpath.normpath(posixpath.join(pkg_dir, path))
        else:
            full = inferred.get(name, default_path.format(name=name))
        req = e.get("required-features", [])
        out.append(Target(name, full, tuple(r for r in req if isinstance(r, str))))
    if auto:
        names = {t.name for t in out}
        paths = {t.path for t in out}
        for name, path in sorted(inferred.items()):
            if name not in names and path not in paths:
                out.append(Target(name, path))
    return tuple(out)


def load_package(sources: SourceView, manifest_path: str) -> Package | None:
    """The package of a manifest (None when the manifest has no [package]: a virtual workspace)."""
    data = read_toml(sources, manifest_path)
    if data is None:
        raise Unreadable(manifest_path)
    pkg = data.get("package") or data.get("project")
    if not isinstance(pkg, dict):
        return None
    name = pkg.get("name")
    if not isinstance(name, str):
        raise Unreadable(f"{manifest_path}: [package] has no name")
    d = posixpath.dirname(manifest_path)
    main = posixpath.join(d, "src/main.rs")
    bins_inferred = _inferred(sources, d, "src/bin")
    if exists(sources, main):
        bins_inferred = {name: main, **{k: v for k, v in bins_inferred.items() if k != name}}
    autobins = pkg.get("autobins", True) is not False
    bins = _targets(sources, d, [b for b in data.get("bin", []) if isinstance(b, dict)], bins_inferred, autobins,
                    posixpath.join(d, "src/bin/{name}.rs"))
    autoexamples = pkg.get("autoexamples", True) is not False
    examples = _targets(sources, d, [b for b in data.get("example", []) if isinstance(b, dict)],
                        _inferred(sources, d, "examples"), autoexamples, posixpath.join(d, "examples/{name}.rs"))
    has_lib = "lib" in data or exists(sources, posixpath.join(d, "src/lib.rs"))
    return Package(name, d, data, bins, examples, has_lib)


def _member_dirs(sources: SourceView, root: str, ws: Mapping[str, Any]) -> list[str]:
    """Folders the `members` globs name that hold a Cargo.toml, minus `exclude`."""
    manifests = sorted({posixpath.dirname(f) for f in sources.files_under(root) if posixpath.basename(f) == "Cargo.toml"})
    excluded = [posixpath.normpath(posixpath.join(root, e)) for e in ws.get("exclude", []) if isinstance(e, str)]
    out: list[str] = []
    for m in ws.get("members", []):
        if not isinstance(m, str):
            continue
        pattern = posixpath.normpath(posixpath.join(root, m))
        if any(c in pattern for c in "*?["):
            hits = [d for d in manifests if fnmatch.fnmatchcase(d, pattern) and d.count("/") == pattern.count("/")]
        else:
            if not exists(sources, posixpath.join(pattern, "Cargo.toml")):
                raise Unreadable(f"workspace member {m} of {root}/Cargo.toml")
            hits = [pattern]
        for d in hits:
            if d not in out and not any(d == e or d.startswith(e + "/") for e in excluded):
                out.append(d)
    return out


def workspace_of(sources: SourceView, manifest_path: str) -> Workspace:
    """The workspace the manifest belongs to (a package alone is a workspace of one)."""
    d = posixpath.dirname(manifest_path)
    data = read_toml(sources, manifest_path) or {}
    root_manifest: str | None = None
    if "workspace" in data:
        root_manifest = manifest_path
    else:
        pkg = data.get("package") or {}
        named = pkg.get("workspace") if isinstance(pkg, dict) else None
        if isinstance(named, str):
            root_manifest = posixpath.normpath(posixpath.join(d, named, "Cargo.toml"))
        else:
            up = d
            while up != "/":
                up = posixpath.dirname(up)
                candidate = posixpath.join(up, "Cargo.toml")
                if not exists(sources, candidate):
                    continue
                cdata = read_toml(sources, candidate) or {}
                ws = cdata.get("workspace")
                if isinstance(ws, dict) and (d in _member_dirs(sources, up, ws) or up == d):
                    root_manifest = candidate
                    break
    if root_manifest is None:
        only = load_package(sources, manifest_path)
        if only is None:
            raise Unreadable(manifest_path)
        return Workspace(d, (only,), (only,), False, (data,))
    root = posixpath.dirname(root_manifest)
    rdata = read_toml(sources, root_manifest)
    if rdata is None:
        raise Unreadable(root_manifest)
    ws = rdata.get("workspace") or {}
    root_pkg = load_package(sources, root_manifest)
    members: list[Package] = [root_pkg] if root_pkg else []
    manifests: list[Mapping[str, Any]] = [rdata]
    for md in _member_dirs(sources, root, ws):
        if md == root:
            continue
        p = load_package(sources, posixpath.join(md, "Cargo.toml"))
        if p is not None:
            members.append(p)
            manifests.append(p.manifest)
    defaults = ws.get("default-members")
    if isinstance(defaults, list):
        dirs = {posixpath.normpath(posixpath.join(root, x)) for x in defaults if isinstance(x, str)}
        default = tuple(p for p in members if p.dir in dirs)
    elif root_pkg is not None:
        default = (root_pkg,)
    else:
        default = tuple(members)
    return Workspace(root, tuple(members), default, root_pkg is None, tuple(manifests))


# -- the lock file -------------------------------------------------------------------------

class Locked(Struct, frozen=True, gc=False):
    name: str
    version: str
    source: str | None        # None: a path package (a workspace member or a local crate)
    dependencies: tuple[str, ...]


def lock(sources: SourceView, root: str) -> tuple[Locked, ...] | None:
    """The packages of ROOT/Cargo.lock, None when there is none."""
    data = read_toml(sources, posixpath.join(root, "Cargo.lock"))
    if data is None:
        return None
    out = []
    for p in data.get("package", []):
        if isinstance(p, dict) and isinstance(p.get("name"), str):
            deps = tuple(str(x).split()[0] for x in p.get("dependencies", []))
            out.append(Locked(p["name"], str(p.get("version", "")), p.get("source"), deps))
    return tuple(out)


def dependency_tables(manifest: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(crate name, spec) of every [dependencies]-like table of a manifest, target-specific and
    [workspace.dependencies] included (the name a `package = ...` key renames is used)."""
    tables: list[Mapping[str, Any]] = []
    for key in ("dependencies", "build-dependencies"):
        t = manifest.get(key)
        if isinstance(t, dict):
            tables.append(t)
    for tgt in (manifest.get("target") or {}).values():
        if isinstance(tgt, dict):
            for key in ("dependencies", "build-dependencies"):
                t = tgt.get(key)
                if isinstance(t, dict):
                    tables.append(t)
    ws = manifest.get("workspace")
    if isinstance(ws, dict) and isinstance(ws.get("dependencies"), dict):
        tables.append(ws["dependencies"])
    out: list[tuple[str, Any]] = []
    for t in tables:
        for key, spec in t.items():
            name = spec.get("package", key) if isinstance(spec, dict) else key
            out.append((str(name), spec))
    return out


# -- .cargo/config.toml ----------------------------------------------------------------------

def config(sources: SourceView, cwd: str, env: Mapping[str, str]) -> dict[str, Any]:
    """Cargo's configuration as seen from CWD, merged (nearer wins); Unreadable when a config
    file is there but its text is not known."""
    files: list[str] = []
    d = posixpath.normpath(cwd)
    while True:
        for name in ("config.toml", "config"):
            p = posixpath.join(d, ".cargo", name)
            if exists(sources, p):
                files.append(p)
                break
        if d == "/":
            break
        d = posixpath.dirname(d)
    home = cargo_home(env)
    if home:
        for name in ("config.toml", "config"):
            p = posixpath.join(home, name)
            if exists(sources, p) and p not in files:
                files.append(p)
                break
    merged: dict[str, Any] = {}
    for p in reversed(files):            # farthest first, nearer overrides
        data = read_toml(sources, p) or {}
        _merge(merged, data, posixpath.dirname(posixpath.dirname(p)))
    return merged


def _merge(into: dict[str, Any], data: Mapping[str, Any], base: str) -> None:
    for k, v in data.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v, base)
        elif isinstance(v, dict):
            into[k] = {}
            _merge(into[k], v, base)
        elif k in ("target-dir", "root") and isinstance(v, str):
            into[k] = posixpath.normpath(posixpath.join(base, v))     # relative to the config's folder's parent
        else:
            into[k] = v


def cargo_home(env: Mapping[str, str]) -> str | None:
    if env.get("CARGO_HOME"):
        return env["CARGO_HOME"]
    home = env.get("HOME") or "/root"
    return posixpath.join(home, ".cargo")
