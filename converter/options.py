"""The options every command shares (--runtime, --context, --closure, ...) and loading one
Dockerfile with them: the Dockerfile parsed, its build context listed, the planner's Options.

Separate from cli.py so that `batch` and the single-file commands read a file the same way.
A value comes from the command line, else from the configuration that applies to the file
(converter/config.py), else the default: the options' argparse defaults are None so that a value
given can be told from one left out."""

from __future__ import annotations

import argparse
import functools
import os
import re
from typing import TYPE_CHECKING

from msgspec import Struct

from . import config
from .choices import CLOSURES, RUNTIMES
from .errors import InputError
from .files import DEFAULT_MAX_BYTES, read_input

if TYPE_CHECKING:     # the planner and the catalogue load where a file is planned, not for batch's parent
    from heuristics import base_images

    from .context import BuildContext, Observation
    from .model import Dockerfile
    from .plan import Options

DEFAULTS = config.Settings(runtime="auto", closure="tree", stage_name="build", buildkit=False, max_size=str(DEFAULT_MAX_BYTES))


def size(value: str) -> int:
    """A size such as 1048576, 512K or 2M in bytes (ValueError, saying what is expected, when not)."""
    m = re.fullmatch(r"\s*(\d+)\s*([kKmM]i?[bB]?|[bB]?)\s*", value)
    if not m:
        raise ValueError(f"{value!r}: expected a size such as 1048576, 512K or 2M")
    unit = m.group(2)[:1].lower()
    return int(m.group(1)) * {"k": 1 << 10, "m": 1 << 20}.get(unit, 1)


def choice(*allowed: str):
    """An argparse `type` accepting one of ALLOWED, worded as the command line always said it
    (argparse's own `choices` wording differs between Python versions)."""
    def check(value: str) -> str:
        if value not in allowed:
            raise argparse.ArgumentTypeError(f"{value!r} is not one of {', '.join(map(repr, allowed))}.")
        return value
    return check


def _stage_name(value: str) -> str:
    from .validate import stage_name_problem

    problem = stage_name_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def _folder(value: str) -> str:
    if os.path.exists(value) and not os.path.isdir(value):
        raise argparse.ArgumentTypeError(f"Directory {value!r} is a file.")
    return value


def add_shared(parser: argparse.ArgumentParser) -> None:
    """The options of `add_common` but the DOCKERFILE argument and --context (batch: per file)."""
    parser.add_argument("--max-size", dest="max_size", default=None, metavar="TEXT",
                        help=f"Largest Dockerfile read (bytes; K and M suffixes).  [default: {DEFAULT_MAX_BYTES}]")
    parser.add_argument("--bases", dest="bases_file", default=None, metavar="FILE",
                        help="TOML rows that replace or add runtime bases (docs/bases.md), e.g. a mirror's image names.")
    parser.add_argument("--closure", type=choice(*CLOSURES), default=None, metavar=f"[{'|'.join(CLOSURES)}]",
                        help="tree: carry what the image had in the program's folders, minus build inputs; "
                             "precise: only the files the analysis names.  [default: tree]")
    parser.add_argument("--buildkit", action=argparse.BooleanOptionalAction, default=None,
                        help="Allow BuildKit-only extras (cache mounts).")
    parser.add_argument("--stage-name", type=_stage_name, default=None, metavar="TEXT",
                        help="Name of the build stage.  [default: build]")
    parser.add_argument("--runtime", type=choice(*RUNTIMES), default=None, metavar=f"[{'|'.join(RUNTIMES)}]",
                        help="Runtime base: auto picks the first base of the catalogue order that runs the program.  [default: auto]")
    given = parser.add_mutually_exclusive_group()
    given.add_argument("--config", dest="config_file", default=None, metavar="FILE",
                       help="Use exactly this configuration file (.stagesplit.toml form, or a pyproject.toml with "
                            "[tool.stagesplit]) instead of the nearest one.")
    given.add_argument("--no-config", action="store_true",
                       help="Use no configuration file (.stagesplit.toml, pyproject.toml): flags and defaults only.")


def add_common(parser: argparse.ArgumentParser) -> None:
    """`add_shared` and --context: the options of the commands that read named Dockerfiles."""
    parser.add_argument("--context", dest="context_dir", type=_folder, default=None, metavar="DIRECTORY",
                        help="Build context (default: the Dockerfile's folder; '.' for stdin).")
    add_shared(parser)


COMMON = ("context_dir", "runtime", "stage_name", "buildkit", "max_size", "closure", "bases_file", "config_file", "no_config")


def common(args: argparse.Namespace) -> dict:
    """The values of `add_common`'s options in ARGS, as keywords for `load`."""
    return {k: getattr(args, k) for k in COMMON}


class Resolved(Struct, frozen=True):
    """How one Dockerfile is read and planned, once flags and configuration are merged."""

    options: Options
    max_bytes: int
    context_dir: str
    context_flag: bool = False          # the context came from --context (the name said in a message)


def resolve(dockerfile: str, context_dir: str | None = None, runtime: str | None = None, stage_name: str | None = None,
            buildkit: bool | None = None, max_size: str | None = None, closure: str | None = None,
            bases_file: str | None = None, boundary: str | None = None, config_file: str | None = None,
            no_config: bool = False) -> Resolved:
    """Flags (None: not given) over the configuration of DOCKERFILE over the defaults. BOUNDARY:
    where the search for a configuration stops at the latest (batch's ROOT); CONFIG_FILE
    (--config) replaces the search, NO_CONFIG (--no-config) drops the configuration."""
    from .plan import Options

    found = config.for_dockerfile(dockerfile, boundary, config_file, no_config)
    given = config.Settings(runtime, closure, stage_name, buildkit, max_size,
                            os.path.abspath(context_dir) if context_dir is not None else None)
    s = given.over(found.settings).over(DEFAULTS)
    try:
        limit = size(s.max_size or "")
    except ValueError as e:
        raise InputError(f"--max-size {e}") from None
    context = s.context
    if context is None:
        context = "." if dockerfile == "-" else os.path.dirname(os.path.abspath(dockerfile))
    catalogue = _catalogue(found.config.path if found.config else None, bases_file)
    opts = Options(runtime=s.runtime or "auto", stage_name=s.stage_name or "build", buildkit=bool(s.buildkit),
                   closure=s.closure or "tree", catalogue=catalogue, ignore=found.ignore)
    return Resolved(opts, limit, context, context_dir is not None)


@functools.lru_cache(maxsize=64)
def _catalogue(config_path: str | None, bases_file: str | None) -> base_images.Catalogue:
    """The runtime base catalogue: the built-in rows, the configuration's [[base]] rows and its
    `bases` file, then --bases FILE (the command line last, so it wins)."""
    from heuristics import base_images

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


class Loaded(Struct, frozen=True):
    """One Dockerfile read: its bytes as read (batch's --write checks the file still holds them),
    the parsed file, its build context listed, and the planner's options."""

    data: bytes
    dockerfile: Dockerfile
    context: BuildContext
    options: Options


def load(dockerfile: str, context_dir: str | None = None, runtime: str | None = None, stage_name: str | None = None,
         buildkit: bool | None = None, max_size: str | None = None, closure: str | None = None,
         bases_file: str | None = None, boundary: str | None = None, config_file: str | None = None,
         no_config: bool = False) -> Loaded:
    """Read and parse DOCKERFILE and list its build context, with the options resolved as `resolve` says."""
    r = resolve(dockerfile, context_dir, runtime, stage_name, buildkit, max_size, closure, bases_file, boundary,
                config_file, no_config)
    return read(dockerfile, r)


def read(dockerfile: str, r: Resolved, shown: str | None = None, data: bytes | None = None,
         trace: list[Observation] | None = None) -> Loaded:
    """Read, decode and parse DOCKERFILE, check and list its build context (InputError when one
    cannot be). SHOWN: the file's name in messages (default: DOCKERFILE). DATA: its bytes, when
    already read; TRACE: where the context notes what the analysis asks of it (batch's cache)."""
    from .parse import decode, parse

    if data is None:
        data = read_input(dockerfile, r.max_bytes)
    df = parse(decode(data, shown or dockerfile))
    return Loaded(data, df, context_of(r, trace), r.options)


def context_of(r: Resolved, trace: list[Observation] | None = None) -> BuildContext:
    """The build context R names, checked (InputError when it cannot be listed); with TRACE, one
    that notes there every question the analysis asks of it."""
    from .context import load_context, recorded

    if not os.path.isdir(r.context_dir):
        raise InputError(f"{'--context' if r.context_flag else 'context'} {r.context_dir}: not a directory")
    context = load_context(r.context_dir)
    return context if trace is None else recorded(context, trace)
