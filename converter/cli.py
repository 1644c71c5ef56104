"""The `stagesplit` command (click). I/O lives here; the pipeline below it is pure.

Exit codes: 0 converted or deliberately unchanged (reason on stderr); 1 --check found a change,
or verify found a difference; 2 bad usage or unreadable/unparsable input (one line, nothing
written); 3 verify found no Docker engine.
"""

from __future__ import annotations

import difflib
import os
import sys
import tempfile

import click

from .errors import InputError
from .plan import RUNTIMES, Options

EXIT_CHANGED = 1
EXIT_INPUT = 2
EXIT_NO_ENGINE = 3


@click.group()
@click.version_option(package_name="stagesplit")
def main() -> None:
    """Split a single-stage Dockerfile into a build stage and a minimal runtime stage."""


def _common(f):
    f = click.option("--runtime", type=click.Choice(RUNTIMES), default="auto", show_default=True,
                     help="Runtime base: auto picks the smallest that runs the program.")(f)
    f = click.option("--context", "context_dir", type=click.Path(file_okay=False), default=None,
                     help="Build context (default: the Dockerfile's folder; '.' for stdin).")(f)
    f = click.option("--stage-name", default="build", show_default=True, help="Name of the build stage.")(f)
    f = click.option("--buildkit", is_flag=True, help="Allow BuildKit-only extras (cache mounts).")(f)
    return click.argument("dockerfile", type=str)(f)


def _load(dockerfile: str, context_dir: str | None, runtime: str, stage_name: str, buildkit: bool):
    from .context import load_context
    from .parse import read

    df = read(dockerfile)
    if context_dir is None:
        context_dir = "." if dockerfile == "-" else os.path.dirname(os.path.abspath(dockerfile))
    if not os.path.isdir(context_dir):
        raise InputError(f"--context {context_dir}: not a directory")
    ctx = load_context(context_dir)
    return df, ctx, Options(runtime=runtime, stage_name=stage_name, buildkit=buildkit)


def _fail(message: object) -> None:
    """Bad usage or bad input: one line on stderr, exit 2, nothing written."""
    click.echo(f"stagesplit: error: {message}", err=True)
    sys.exit(EXIT_INPUT)


def _convert(dockerfile: str, context_dir, runtime, stage_name, buildkit):
    """Read, plan and render; input errors end the run here."""
    from .plan import make_plan
    from .render import render

    try:
        df, ctx, opts = _load(dockerfile, context_dir, runtime, stage_name, buildkit)
    except InputError as e:
        _fail(e)
    plan = make_plan(df, ctx, opts)
    return df, ctx, plan, render(df, plan)


@main.command()
@_common
@click.option("--diff", "as_diff", is_flag=True, help="Print a unified diff against the original.")
@click.option("--in-place", is_flag=True, help="Rewrite the file, keeping DOCKERFILE.orig.")
@click.option("--check", is_flag=True, help="Exit 1 if the file would change; write nothing.")
def convert(dockerfile, context_dir, runtime, stage_name, buildkit, as_diff, in_place, check):
    """Convert DOCKERFILE ('-' for stdin) and print the result."""
    if sum(map(bool, (as_diff, in_place, check))) > 1:
        _fail("--diff, --in-place and --check exclude each other")
    if in_place and dockerfile == "-":
        _fail("--in-place needs a file, not stdin")
    df, _, plan, new = _convert(dockerfile, context_dir, runtime, stage_name, buildkit)
    if not plan.changed:
        click.echo(f"stagesplit: {dockerfile}: left unchanged ({plan.code}): {plan.reason}", err=True)
    if check:
        if plan.changed:
            click.echo(f"stagesplit: {dockerfile}: would be converted ({plan.reason})", err=True)
        sys.exit(EXIT_CHANGED if new != df.text else 0)
    if as_diff:
        name = "Dockerfile" if dockerfile == "-" else dockerfile
        sys.stdout.write("".join(difflib.unified_diff(
            df.text.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}")))
        return
    if in_place:
        if new != df.text:
            _write_in_place(dockerfile, df.text, new)
            click.echo(f"stagesplit: {dockerfile}: converted ({plan.reason}); original kept as {dockerfile}.orig", err=True)
        return
    sys.stdout.write(new)


def _write_in_place(path: str, old: str, new: str) -> None:
    """Keep the original as PATH.orig, then replace PATH atomically (rename in one folder)."""
    folder = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    for target, text in ((path + ".orig", old), (path, new)):
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".stagesplit-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


@main.command()
@_common
@click.option("--graph", type=click.Choice(["dot", "mermaid"]), default=None,
              help="Print the file-provenance graph instead of the report.")
def explain(dockerfile, context_dir, runtime, stage_name, buildkit, graph):
    """Show each instruction's effects, the runtime artifact and closure, and every decision."""
    from .explain import explain as report

    df, _, plan, _ = _convert(dockerfile, context_dir, runtime, stage_name, buildkit)
    if graph:
        if plan.provenance is None:
            click.echo(f"stagesplit: {dockerfile}: no graph: {plan.reason}", err=True)
            return
        prov = plan.provenance
        sys.stdout.write(prov.to_dot() if graph == "dot" else prov.to_mermaid())
        return
    sys.stdout.write(report(df, plan))


def _parse_http(spec: str) -> tuple[int, str]:
    port, _, path = spec.partition("/")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"{spec!r}: expected PORT[/PATH]", param_hint="--probe-http")
    return int(port), "/" + path


@main.command()
@_common
@click.option("--probe-cmd", default=None, help="Run the image with these arguments (shell-quoted); '' for its own command.")
@click.option("--probe-http", multiple=True, help="GET PORT[/PATH] on the running image; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--keep-images", is_flag=True, help="Keep both images to inspect them.")
def verify(dockerfile, context_dir, runtime, stage_name, buildkit, probe_cmd, probe_http, as_json, keep_images):
    """Convert, build both files on the Docker engine, probe both images and compare."""
    import json
    import shlex

    from .engine import EngineError
    from .verify import Probe, run_verify

    if dockerfile == "-":
        _fail("verify needs a Dockerfile path, not stdin")
    if probe_cmd is not None and probe_http:
        _fail("--probe-cmd and --probe-http exclude each other")
    if probe_http:
        parsed = [_parse_http(p) for p in probe_http]
        if len({p for p, _ in parsed}) > 1:
            _fail("all --probe-http must use one port")
        probe = Probe(http_port=parsed[0][0], http_paths=tuple(p for _, p in parsed))
    else:
        try:
            probe = Probe(cmd=tuple(shlex.split(probe_cmd or "")))
        except ValueError as e:
            _fail(f"--probe-cmd: {e}")
    df, ctx, plan, new = _convert(dockerfile, context_dir, runtime, stage_name, buildkit)
    from rich.console import Console

    console = Console(stderr=True)
    try:
        if as_json:
            report = run_verify(df, new, plan.changed, plan.reason, ctx.root or ".", probe, dockerfile, keep_images)
        else:
            with console.status("verifying") as status:
                report = run_verify(df, new, plan.changed, plan.reason, ctx.root or ".", probe, dockerfile,
                                    keep_images, progress=lambda s: status.update(s[:100]))
    except EngineError as e:
        click.echo(f"stagesplit: error: {e}", err=True)
        sys.exit(EXIT_NO_ENGINE)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        from .report import verify_table

        Console().print(verify_table(report))
    sys.exit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
