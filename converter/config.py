"""Project configuration: `[tool.stagesplit]` in `pyproject.toml`, or `.stagesplit.toml`.

The file that applies to a Dockerfile is the nearest one found from the Dockerfile's folder
upward, stopping at the repository root (a folder holding `.git`) or at a boundary the caller
gives (batch's ROOT when it is in no repository). In one folder, `.stagesplit.toml` wins over
`pyproject.toml`; a `pyproject.toml` without a `[tool.stagesplit]` table is passed over. Files
are not merged: the nearest one is the whole configuration (as ruff and black do).

    runtime = "alpine"            # the shared options' values (the command line wins over them)
    closure = "precise"
    stage-name = "builder"
    buildkit = true
    max-size = "2M"
    bases = "ci/bases.toml"       # a --bases file, relative to this file's folder
    exclude = ["vendor/", "**/testdata/"]     # batch: gitignore-style globs, relative to this folder
    [[base]]                      # runtime base rows, as in a --bases file (docs/bases.md)
    name = "alpine"
    image = "mirror.example.com/alpine:{release}"
    [[overrides]]                 # per-path settings; later overrides win over earlier ones
    paths = ["legacy/**"]
    ignore = true                 # leave these files unchanged (SS025); `reason = "..."` says why
    [[overrides]]
    paths = ["services/api/Dockerfile"]
    runtime = "distroless"
    context = "services"          # the build context, relative to this file's folder

(in pyproject.toml every key is under `[tool.stagesplit]`, `[[tool.stagesplit.overrides]]`, ...)

`--config FILE` replaces the search with exactly that file (either form; its folder is the one
globs and relative paths are relative to); `--no-config` applies none.

A mistake is one `InputError` naming the file and the key. Pure apart from reading files;
lookups are cached, since a batch asks once per Dockerfile and most share a folder.
"""

from __future__ import annotations

import functools
import json
import os
import tomllib
from typing import Any

from msgspec import Struct, field
from msgspec.structs import asdict, replace

from .errors import InputError

FILENAMES = (".stagesplit.toml", "pyproject.toml")     # the order of preference within one folder
_SETTING_KEYS = ("runtime", "closure", "stage-name", "buildkit", "max-size")
_TOP_KEYS = (*_SETTING_KEYS, "bases", "base", "exclude", "overrides")
_OVERRIDE_KEYS = ("paths", *_SETTING_KEYS, "context", "ignore", "reason")


class Settings(Struct, frozen=True):
    """Values a configuration gives; None: not given."""

    runtime: str | None = None
    closure: str | None = None
    stage_name: str | None = None
    buildkit: bool | None = None
    max_size: str | None = None
    context: str | None = None          # absolute (resolved against the configuration's folder)

    def over(self, other: Settings) -> Settings:
        """These values where given, OTHER's elsewhere."""
        return Settings(**{k: v if v is not None else getattr(other, k) for k, v in asdict(self).items()})


class Override(Struct, frozen=True):
    paths: tuple[str, ...]
    settings: Settings
    ignore: bool = False
    reason: str = ""
    index: int = 0                      # its position, for messages: overrides[0]


class Config(Struct, frozen=True):
    path: str                           # the file read
    folder: str                         # globs and relative paths are relative to it
    settings: Settings = Settings()
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    base_rows: str = ""                 # [[base]] rows as a --bases TOML text
    bases_file: str | None = None       # absolute
    _specs: dict = field(default_factory=dict)     # compiled globs, a cache: not part of the value

    def __eq__(self, other: object) -> bool:
        return type(other) is Config and self._value() == other._value()

    def __hash__(self) -> int:
        return hash(self._value())

    def _value(self) -> tuple:
        return (self.path, self.folder, self.settings, self.exclude, self.overrides, self.base_rows, self.bases_file)

    def relative(self, path: str) -> str | None:
        """PATH relative to the configuration's folder, with '/' separators; None when outside."""
        path = os.path.abspath(path)
        prefix = self.folder.rstrip(os.sep) + os.sep
        if path.startswith(prefix):         # the common case, without relpath's two abspaths and splits
            return path[len(prefix):].replace(os.sep, "/")
        rel = os.path.relpath(path, self.folder)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return None
        return rel.replace(os.sep, "/")

    def excludes(self, path: str, is_dir: bool = False) -> bool:
        if not self.exclude:
            return False
        rel = self.relative(path)
        return rel is not None and rel != "." and _spec(self, "exclude", self.exclude).match_file(rel + ("/" if is_dir else ""))

    def for_file(self, path: str) -> FileConfig:
        """The settings that apply to the Dockerfile at PATH: the overrides whose paths match it,
        later ones first, over the top-level values."""
        rel = self.relative(path)
        settings, ignore = self.settings, ""
        if rel is not None:
            for o in self.overrides:
                if _spec(self, f"o{o.index}", o.paths).match_file(rel):
                    settings = o.settings.over(settings)
                    if o.ignore:
                        ignore = f"{_short(self.path)}: overrides[{o.index}] (paths {', '.join(o.paths)})" \
                                 + (f": {o.reason}" if o.reason else "")
        return FileConfig(self, settings, ignore or None)


class FileConfig(Struct, frozen=True):
    config: Config | None
    settings: Settings
    ignore: str | None = None           # why the configuration leaves the file alone (SS025)


NONE = FileConfig(None, Settings())


def _spec(config: Config, key: str, globs: tuple[str, ...]):
    spec = config._specs.get(key)
    if spec is None:
        import pathspec  # gitignore semantics (anchoring, `dir/`, `**`, negation) exactly as git has them

        spec = config._specs[key] = pathspec.GitIgnoreSpec.from_lines(globs)
    return spec


def _short(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith(os.pardir) else rel


def for_dockerfile(dockerfile: str, boundary: str | None = None, config_file: str | None = None,
                   no_config: bool = False) -> FileConfig:
    """The configuration of the Dockerfile at DOCKERFILE ('-': the working directory's).
    CONFIG_FILE (--config) is used instead of the search; NO_CONFIG (--no-config): none at all."""
    if dockerfile == "-":
        config = in_force(os.getcwd(), boundary, config_file, no_config)
        return FileConfig(config, config.settings) if config else NONE
    config = in_force(os.path.dirname(os.path.abspath(dockerfile)), boundary, config_file, no_config)
    return config.for_file(dockerfile) if config else NONE


def in_force(folder: str, boundary: str | None = None, config_file: str | None = None,
             no_config: bool = False) -> Config | None:
    """The configuration that applies in FOLDER: `given(CONFIG_FILE)`, none with NO_CONFIG, else
    the nearest one (`find`)."""
    if config_file is not None:
        return given(config_file)
    return None if no_config else find(folder, boundary)


@functools.lru_cache(maxsize=16)
def given(path: str) -> Config:
    """The configuration in exactly the file at PATH (--config): a file that is missing, cannot
    be read, or is a pyproject.toml without `[tool.stagesplit]` is an error, never a silent
    fallback to no configuration."""
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        raise InputError(f"--config {path}: {e.strerror or e}") from None
    config = read(path)
    if config is None:
        raise InputError(f"--config {path}: no [tool.stagesplit] table in it")
    return config


@functools.lru_cache(maxsize=4096)
def find(folder: str, boundary: str | None = None) -> Config | None:
    """The nearest configuration from FOLDER upward (see the module's text)."""
    for name in FILENAMES:
        config = read(os.path.join(folder, name))
        if config is not None:
            return config
    parent = os.path.dirname(folder)
    if parent == folder or os.path.exists(os.path.join(folder, ".git")) or (boundary and os.path.samefile(folder, boundary)):
        return None
    return find(parent, boundary)


@functools.lru_cache(maxsize=256)
def read(path: str) -> Config | None:
    """The configuration in the file at PATH; None when there is no such file, or it is a
    pyproject.toml without `[tool.stagesplit]`."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return None
    except OSError as e:
        raise InputError(f"{_short(path)}: cannot read it: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{_short(path)}: not valid TOML: {e}") from None
    prefix = ""
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "stagesplit" not in tool:
            return None
        data, prefix = tool["stagesplit"], "tool.stagesplit."
        if not isinstance(data, dict):
            raise InputError(f"{_short(path)}: tool.stagesplit: expected a table")
    return parse(data, path, prefix)


def parse(data: dict[str, Any], path: str, prefix: str = "") -> Config:
    """A configuration's table -> `Config`, checked key by key."""
    folder = os.path.dirname(os.path.abspath(path))

    def fail(key: str, problem: str) -> InputError:
        return InputError(f"{_short(path)}: {prefix}{key}: {problem}")

    _no_unknown(data, _TOP_KEYS, fail, "")
    settings = _settings(data, fail, "", folder)
    exclude = _globs(data.get("exclude", []), fail, "exclude")
    bases_file = None
    if "bases" in data:
        if not isinstance(data["bases"], str) or not data["bases"]:
            raise fail("bases", "expected the path of a TOML file of [[base]] rows (docs/bases.md)")
        bases_file = os.path.join(folder, data["bases"])
    rows = data.get("base", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise fail("base", "expected [[base]] tables, as in a --bases file (docs/bases.md)")
    base_rows = "".join("[[base]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in r.items()) for r in rows)
    if base_rows:
        from heuristics import base_images

        try:
            base_images.CATALOGUE.with_overrides(base_rows, f"{_short(path)}: {prefix}base")
        except (ValueError, TypeError) as e:
            raise InputError(str(e)) from None
    raw_overrides = data.get("overrides", [])
    if not isinstance(raw_overrides, list) or not all(isinstance(o, dict) for o in raw_overrides):
        raise fail("overrides", "expected [[overrides]] tables")
    overrides = []
    for i, o in enumerate(raw_overrides):
        where = f"overrides[{i}]."
        _no_unknown(o, _OVERRIDE_KEYS, fail, where)
        if "paths" not in o:
            raise fail(where + "paths", "required: the gitignore-style globs of the Dockerfiles it applies to")
        paths = _globs(o["paths"], fail, where + "paths")
        ignore = o.get("ignore", False)
        if not isinstance(ignore, bool):
            raise fail(where + "ignore", "expected true or false")
        reason = o.get("reason", "")
        if not isinstance(reason, str):
            raise fail(where + "reason", "expected a string")
        s = _settings(o, fail, where, folder)
        if "context" in o:
            if not isinstance(o["context"], str) or not o["context"]:
                raise fail(where + "context", "expected a folder, relative to the configuration's folder")
            s = replace(s, context=os.path.normpath(os.path.join(folder, o["context"])))
        overrides.append(Override(paths, s, ignore, reason, i))
    return Config(os.path.abspath(path), folder, settings, exclude, tuple(overrides), base_rows, bases_file)


def _no_unknown(table: dict, allowed: tuple[str, ...], fail, where: str) -> None:
    for key in table:
        if key not in allowed:
            hint = " (did you mean stage-name?)" if key == "stage_name" else " (did you mean max-size?)" if key == "max_size" else ""
            raise fail(where + key, f"unknown key{hint}; known: {', '.join(allowed)}")


def _globs(value: object, fail, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise fail(key, "expected a list of gitignore-style globs")
    return tuple(value)


def _settings(table: dict, fail, where: str, folder: str) -> Settings:
    from .choices import CLOSURES, RUNTIMES
    from .validate import stage_name_problem

    def choice(key: str, allowed: tuple[str, ...]) -> str | None:
        v = table.get(key)
        if v is not None and v not in allowed:
            raise fail(where + key, f"{v!r}: expected one of {', '.join(allowed)}")
        return v

    stage = table.get("stage-name")
    if stage is not None and (not isinstance(stage, str) or stage_name_problem(stage)):
        raise fail(where + "stage-name", stage_name_problem(stage) if isinstance(stage, str) else "expected a string")
    buildkit = table.get("buildkit")
    if buildkit is not None and not isinstance(buildkit, bool):
        raise fail(where + "buildkit", "expected true or false")
    max_size = table.get("max-size")
    if max_size is not None:
        if isinstance(max_size, bool) or not isinstance(max_size, (int, str)):
            raise fail(where + "max-size", "expected a size such as 1048576, \"512K\" or \"2M\"")
        from .options import size

        try:
            size(str(max_size))
        except ValueError as e:
            raise fail(where + "max-size", str(e)) from None
        max_size = str(max_size)
    return Settings(runtime=choice("runtime", RUNTIMES), closure=choice("closure", CLOSURES), stage_name=stage,
                    buildkit=buildkit, max_size=max_size)
