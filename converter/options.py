"""The options every command shares (--runtime, --context, --closure, ...) and loading one
Dockerfile with them: the Dockerfile parsed, its build context listed, the planner's Options.

Separate from cli.py so that `batch` and the single-file commands read a file the same way.
A value comes from the command line, else from the configuration that applies to the file
(converter/config.py), else the default: the options' click defaults are None so that a value
given can be told from one left out."""

from __future__ import annotations

import functools
import os
import re

import click
from msgspec import Struct

from heuristics import base_images

from . import config
from .errors import InputError
from .files import DEFAULT_MAX_BYTES, read_input
from .plan import CLOSURES, RUNTIMES, Options

DEFAULTS = config.Settings(runtime="auto", closure="tree", stage_name="build", buildkit=False, max_size=str(DEFAULT_MAX_BYTES))


def size(value: str) -> int:
    m = re.fullmatch(r"\s*(\d+)\s*([kKmM]i?[bB]?|[bB]?)\s*", value)
    if not m:
        raise click.BadParameter(f"{value!r}: expected a size such as 1048576, 512K or 2M")
    unit = m.group(2)[:1].lower()
    return int(m.group(1)) * {"k": 1 << 10, "m": 1 << 20}.get(unit, 1)


def _stage_name(ctx, param, value: str | None) -> str | None:
    from .validate import stage_name_problem

    problem = stage_name_problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(problem)
    return value


def shared(f):
    """The options of `common` but the DOCKERFILE argument and --context (batch: per file)."""
    f = click.option("--runtime", type=click.Choice(RUNTIMES), default=None,
                     help="Runtime base: auto picks the first base of the catalogue order that runs the program.  [default: auto]")(f)
    f = click.option("--stage-name", default=None, callback=_stage_name,
                     help="Name of the build stage.  [default: build]")(f)
    f = click.option("--buildkit/--no-buildkit", default=None, help="Allow BuildKit-only extras (cache mounts).")(f)
    f = click.option("--closure", type=click.Choice(CLOSURES), default=None,
                     help="tree: carry what the image had in the program's folders, minus build inputs; "
                          "precise: only the files the analysis names.  [default: tree]")(f)
    f = click.option("--bases", "bases_file", default=None, metavar="FILE",
                     help="TOML rows that replace or add runtime bases (docs/bases.md), e.g. a mirror's image names.")(f)
    return click.option("--max-size", "max_size", default=None,
                        help=f"Largest Dockerfile read (bytes; K and M suffixes).  [default: {DEFAULT_MAX_BYTES}]")(f)


def common_options(f):
    """`shared` and --context: the options of the commands that read named Dockerfiles."""
    f = shared(f)
    return click.option("--context", "context_dir", type=click.Path(file_okay=False), default=None,
                        help="Build context (default: the Dockerfile's folder; '.' for stdin).")(f)


def common(f):
    """`common_options` and the one DOCKERFILE argument."""
    return click.argument("dockerfile", type=str)(common_options(f))


class Resolved(Struct, frozen=True):
    """How one Dockerfile is read and planned, once flags and configuration are merged."""

    options: Options
    max_bytes: int
    context_dir: str


def resolve(dockerfile: str, context_dir: str | None = None, runtime: str | None = None, stage_name: str | None = None,
            buildkit: bool | None = None, max_size: str | None = None, closure: str | None = None,
            bases_file: str | None = None, boundary: str | None = None) -> Resolved:
    """Flags (None: not given) over the configuration of DOCKERFILE over the defaults. BOUNDARY:
    where the search for a configuration stops at the latest (batch's ROOT)."""
    found = config.for_dockerfile(dockerfile, boundary)
    given = config.Settings(runtime, closure, stage_name, buildkit, max_size,
                            os.path.abspath(context_dir) if context_dir is not None else None)
    s = given.over(found.settings).over(DEFAULTS)
    try:
        limit = size(s.max_size or "")
    except click.BadParameter as e:
        raise InputError(f"--max-size {e.message}") from None
    context = s.context
    if context is None:
        context = "." if dockerfile == "-" else os.path.dirname(os.path.abspath(dockerfile))
    catalogue = _catalogue(found.config.path if found.config else None, bases_file)
    opts = Options(runtime=s.runtime or "auto", stage_name=s.stage_name or "build", buildkit=bool(s.buildkit),
                   closure=s.closure or "tree", catalogue=catalogue, ignore=found.ignore)
    return Resolved(opts, limit, context)


@functools.lru_cache(maxsize=64)
def _catalogue(config_path: str | None, bases_file: str | None) -> base_images.Catalogue:
    """The runtime base catalogue: the built-in rows, the configuration's [[base]] rows and its
    `bases` file, then --bases FILE (the command line last, so it wins)."""
    catalogue = base_images.CATALOGUE
    cfg = config.read(config_path) if config_path else None
    if cfg is not None and cfg.base_rows:
        catalogue = catalogue.with_overrides(cfg.base_rows, cfg.path)
    for label, path in ((f"{cfg.path}: bases", cfg.bases_file) if cfg else ("", None), ("--bases", bases_file)):
        if not path:
            continue
        try:
            with open(path, encoding="utf-8") as f:
                catalogue = catalogue.with_overrides(f.read(), path)
        except OSError as e:
            raise InputError(f"{label} {path}: {e.strerror or e}") from None
        except (ValueError, UnicodeDecodeError) as e:   # tomllib.TOMLDecodeError is a ValueError
            raise InputError(f"{label} {path}: {e}") from None
    return catalogue


def load(dockerfile: str, context_dir: str | None = None, runtime: str | None = None, stage_name: str | None = None,
         buildkit: bool | None = None, max_size: str | None = None, closure: str | None = None,
         bases_file: str | None = None, boundary: str | None = None):
    """Read and parse DOCKERFILE and list its build context, with the options resolved as `resolve` says."""
    r = resolve(dockerfile, context_dir, runtime, stage_name, buildkit, max_size, closure, bases_file, boundary)
    return read(dockerfile, r)


def read(dockerfile: str, r: Resolved):
    from .context import load_context
    from .parse import decode, parse

    df = parse(decode(read_input(dockerfile, r.max_bytes), dockerfile))
    if not os.path.isdir(r.context_dir):
        raise InputError(f"--context {r.context_dir}: not a directory")
    return df, load_context(r.context_dir), r.options
