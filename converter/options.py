"""The options every command shares (--runtime, --context, --closure, ...) and loading one
Dockerfile with them: the Dockerfile parsed, its build context listed, the planner's Options.

Separate from cli.py so that `batch` and the single-file commands read a file the same way."""

from __future__ import annotations

import os
import re

import click

from heuristics import base_images

from .errors import InputError
from .files import DEFAULT_MAX_BYTES, read_input
from .plan import CLOSURES, RUNTIMES, Options


def size(value: str) -> int:
    m = re.fullmatch(r"\s*(\d+)\s*([kKmM]i?[bB]?|[bB]?)\s*", value)
    if not m:
        raise click.BadParameter(f"{value!r}: expected a size such as 1048576, 512K or 2M")
    unit = m.group(2)[:1].lower()
    return int(m.group(1)) * {"k": 1 << 10, "m": 1 << 20}.get(unit, 1)


def _stage_name(ctx, param, value: str) -> str:
    from .validate import stage_name_problem

    problem = stage_name_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def common(f):
    f = click.option("--runtime", type=click.Choice(RUNTIMES), default="auto", show_default=True,
                     help="Runtime base: auto picks the first base of the catalogue order that runs the program.")(f)
    f = click.option("--context", "context_dir", type=click.Path(file_okay=False), default=None,
                     help="Build context (default: the Dockerfile's folder; '.' for stdin).")(f)
    f = click.option("--stage-name", default="build", show_default=True, callback=_stage_name,
                     help="Name of the build stage.")(f)
    f = click.option("--buildkit", is_flag=True, help="Allow BuildKit-only extras (cache mounts).")(f)
    f = click.option("--closure", type=click.Choice(CLOSURES), default="tree", show_default=True,
                     help="tree: carry what the image had in the program's folders, minus build inputs; "
                          "precise: only the files the analysis names.")(f)
    f = click.option("--bases", "bases_file", default=None, metavar="FILE",
                     help="TOML rows that replace or add runtime bases (docs/bases.md), e.g. a mirror's image names.")(f)
    f = click.option("--max-size", "max_size", default=str(DEFAULT_MAX_BYTES), show_default=True,
                     help="Largest Dockerfile read (bytes; K and M suffixes).")(f)
    return click.argument("dockerfile", type=str)(f)


def load(dockerfile: str, context_dir: str | None, runtime: str, stage_name: str, buildkit: bool, max_size: str,
          closure: str, bases_file: str | None):
    from .context import load_context
    from .parse import decode, parse

    try:
        limit = size(max_size)
    except click.BadParameter as e:
        raise InputError(f"--max-size {e.message}") from None
    df = parse(decode(read_input(dockerfile, limit), dockerfile))
    if context_dir is None:
        context_dir = "." if dockerfile == "-" else os.path.dirname(os.path.abspath(dockerfile))
    if not os.path.isdir(context_dir):
        raise InputError(f"--context {context_dir}: not a directory")
    ctx = load_context(context_dir)
    catalogue = base_images.CATALOGUE
    if bases_file:
        try:
            with open(bases_file, encoding="utf-8") as f:
                catalogue = catalogue.with_overrides(f.read(), bases_file)
        except OSError as e:
            raise InputError(f"--bases {bases_file}: {e.strerror or e}") from None
        except (ValueError, UnicodeDecodeError) as e:   # tomllib.TOMLDecodeError is a ValueError
            raise InputError(f"--bases {bases_file}: {e}") from None
    return df, ctx, Options(runtime=runtime, stage_name=stage_name, buildkit=buildkit, closure=closure, catalogue=catalogue)
