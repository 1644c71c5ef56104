"""The `stagesplit` command (click). I/O lives here; the pipeline below it is pure.

Exit codes: 0 converted or deliberately unchanged (reason on stderr); 1 --check found a change,
or verify found a difference; 2 bad usage or unreadable/unparsable input (one line, nothing
written); 3 verify found no Docker engine; 4 an internal error (a bug: one line naming the file,
the traceback with --debug); 130 interrupted (Ctrl-C), with no traceback and no half-written file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import NoReturn

import click

from .errors import InputError
from .files import write_in_place
from .options import common as _common
from .options import load as _load

EXIT_CHANGED = 1
EXIT_INPUT = 2
EXIT_NO_ENGINE = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130

_STATE: dict[str, object] = {}   # --debug and the file at hand, for the last-resort handler


@click.group()
@click.version_option(package_name="stagesplit")
@click.option("--debug", is_flag=True, help="On an internal error, print the full traceback.")
def app(debug: bool) -> None:
    """Split a single-stage Dockerfile into a build stage and a minimal runtime stage."""
    _STATE["debug"] = debug


def _fail(message: object) -> NoReturn:
    """Bad usage or bad input: one line on stderr, exit 2, nothing written."""
    click.echo(f"stagesplit: error: {message}", err=True)
    sys.exit(EXIT_INPUT)


def _convert(dockerfile: str, **common):
    """Read, plan and render with the options every command shares (`_common`); input errors
    end the run here."""
    _STATE["file"] = dockerfile
    try:
        return _plan_file(dockerfile, **common)
    except InputError as e:
        _fail(e)


def _plan_file(dockerfile: str, **common):
    """Read, plan and render one file; an input error is raised (InputError)."""
    from .plan import make_plan
    from .render import render

    df, ctx, opts = _load(dockerfile, **common)
    plan = make_plan(df, ctx, opts)
    return df, ctx, plan, render(df, plan)


def _emit(text: str) -> None:
    """Write to stdout; a closed or full stdout is one error line, not a traceback."""
    if sys.stdout is None:
        _fail("cannot write the output: stdout is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, ValueError) as e:
        _silence_stdout()
        _fail(f"cannot write the output: {getattr(e, 'strerror', None) or e}")


def _silence_stdout() -> None:
    """After a failed write, point stdout at /dev/null so that the flush at exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _many(f):
    """The shared options with DOCKERFILE... (several files): pre-commit and the GitHub Action
    pass many files to one run."""
    from .options import common_options

    return click.argument("dockerfile", nargs=-1, required=True)(common_options(f))


FORMATS = ("text", "github", "sarif")


@app.command()
@_many
@click.option("--diff", "as_diff", is_flag=True, help="Print a unified diff against the original.")
@click.option("--in-place", is_flag=True, help="Rewrite the file, keeping DOCKERFILE.orig.")
@click.option("--check", is_flag=True, help="Exit 1 if a file would change; write nothing (with --diff: print the diff too).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: the converted file or diff; github: Markdown for a pull request; sarif: SARIF 2.1.0 for code scanning.")
def convert(dockerfile, as_diff, in_place, check, fmt, **common):
    """Convert DOCKERFILE ('-' for stdin) and print the result; several files with --diff,
    --check, --in-place or --format github|sarif."""
    _STATE["no_teardown"] = True
    files: tuple[str, ...] = dockerfile
    if in_place and (as_diff or check):
        _fail("--diff, --in-place and --check exclude each other (except --check --diff)")
    if fmt != "text" and (as_diff or in_place):
        _fail(f"--format {fmt} holds the diff and writes nothing: it excludes --diff and --in-place")
    if "-" in files and len(files) > 1:
        _fail("'-' (stdin) is one input: it cannot be given with other files")
    if in_place and files == ("-",):
        _fail("--in-place needs a file, not stdin")
    if fmt != "text":
        sys.exit(_convert_preview(files, fmt, check, common))
    if len(files) > 1:
        if not (as_diff or check or in_place):
            _fail("several files would be printed joined: give --diff, --check, --in-place or --format github|sarif")
        sys.exit(_convert_each(files, as_diff, in_place, check, common))
    _convert_one(files[0], as_diff, in_place, check, common)


def _convert_one(dockerfile: str, as_diff: bool, in_place: bool, check: bool, common: dict) -> None:
    df, _, plan, new = _convert(dockerfile, **common)
    _say_verdict(dockerfile, plan, check)
    if as_diff:
        name = "Dockerfile" if dockerfile == "-" else dockerfile
        _emit(unified_diff(df.text, new, name))
    if check:
        sys.exit(EXIT_CHANGED if new != df.text else 0)
    if as_diff:
        return
    if in_place:
        try:
            _write(dockerfile, df.text, new, plan)
        except InputError as e:
            _fail(e)
        return
    _emit(new)


def _say_verdict(dockerfile: str, plan, check: bool) -> None:
    if not plan.changed:
        click.echo(f"stagesplit: {dockerfile}: left unchanged ({plan.code}): {plan.reason}", err=True)
    for warning in plan.warnings:
        click.echo(f"stagesplit: {dockerfile}: warning: {warning}", err=True)
    if check and plan.changed:
        click.echo(f"stagesplit: {dockerfile}: would be converted ({plan.reason})", err=True)


def _write(dockerfile: str, old: str, new: str, plan) -> None:
    """Rewrite the file when it changes (InputError when it cannot be written)."""
    if new != old:
        with _signals_held():
            target, backup = write_in_place(dockerfile, old, new)
        click.echo(f"stagesplit: {dockerfile}: converted ({plan.reason}); original kept as {backup}", err=True)


def _convert_each(files: tuple[str, ...], as_diff: bool, in_place: bool, check: bool, common: dict) -> int:
    """Several files, one after the other, as one file each would be; a file that cannot be
    read is one error line and the others go on. Exit 2 if any could not be read, else 1 when
    --check found a change, else 0."""
    failed = changed = False
    for dockerfile in files:
        _STATE["file"] = dockerfile
        try:
            df, _, plan, new = _plan_file(dockerfile, **common)
            _say_verdict(dockerfile, plan, check)
            if as_diff:
                _emit(unified_diff(df.text, new, dockerfile))
            if in_place:
                _write(dockerfile, df.text, new, plan)
        except InputError as e:
            click.echo(f"stagesplit: {dockerfile}: error: {e}", err=True)
            failed = True
            continue
        changed = changed or new != df.text
    return EXIT_INPUT if failed else EXIT_CHANGED if check and changed else 0


def _convert_preview(files: tuple[str, ...], fmt: str, check: bool, common: dict) -> int:
    """--format github|sarif: every file into one document on stdout (Markdown, or one SARIF
    log). Exit codes as for several files; the document also names the files not read."""
    import json

    from .preview.result import FileResult

    results = []
    for dockerfile in files:
        _STATE["file"] = dockerfile
        try:
            df, _, plan, new = _plan_file(dockerfile, **common)
        except InputError as e:
            click.echo(f"stagesplit: {dockerfile}: error: {e}", err=True)
            results.append(FileResult(dockerfile, error=str(e)))
            continue
        _say_verdict(dockerfile, plan, check)
        name = "Dockerfile" if dockerfile == "-" else dockerfile
        results.append(FileResult(dockerfile, df, plan, new, unified_diff(df.text, new, name)))
    if fmt == "github":
        from .preview.github import markdown

        _emit(markdown(results))
    else:
        from .preview.sarif import sarif

        _emit(json.dumps(sarif(results), indent=2) + "\n")
    if any(r.error is not None for r in results):
        return EXIT_INPUT
    return EXIT_CHANGED if check and any(r.changed for r in results) else 0


def unified_diff(old: str, new: str, name: str) -> str:
    """A unified diff that `patch` applies, also when a side has no final newline."""
    import difflib  # here: only --diff and the preview formats need it

    lines = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=f"a/{name}", tofile=f"b/{name}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT/SIGTERM while the file is rewritten: it is replaced entirely or not at all;
    a signal that arrived meanwhile takes effect once the write is done.

    Python-level handlers rather than a blocked signal mask: the BuildKit parser's Go runtime
    runs threads of its own, which would receive a signal the main thread blocks."""
    held = (signal.SIGINT, signal.SIGTERM)
    arrived: list[int] = []
    try:
        previous = {s: signal.signal(s, lambda n, _f: arrived.append(n)) for s in held}
    except ValueError:        # not the main thread: nothing to hold
        yield
        return
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
        if arrived:
            signal.raise_signal(arrived[0])


@app.command()
@_common
@click.option("--graph", type=click.Choice(["dot", "mermaid"]), default=None,
              help="Print the file-provenance graph instead of the report.")
def explain(dockerfile, graph, **common):
    """Show each instruction's effects, the runtime artifact and closure, and every decision."""
    _STATE["no_teardown"] = True
    from .explain import explain as report

    df, _, plan, _ = _convert(dockerfile, **common)
    if graph:
        if plan.findings.provenance is None:
            click.echo(f"stagesplit: {dockerfile}: no graph: {plan.reason}", err=True)
            return
        from .preview.mermaid import runtime_view

        prov, view = plan.findings.provenance, runtime_view(plan)
        _emit(prov.to_dot(view) if graph == "dot" else prov.to_mermaid(view))
        return
    _emit(report(df, plan))


def _parse_http(spec: str) -> tuple[int, str]:
    port, _, path = spec.partition("/")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"{spec!r}: expected PORT[/PATH]", param_hint="--probe-http")
    return int(port), "/" + path


@app.command()
@_common
@click.option("--probe-cmd", default=None, help="Run the image with these arguments (shell-quoted); '' for its own command.")
@click.option("--probe-http", multiple=True, help="GET PORT[/PATH] on the running image; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--keep-images", is_flag=True, help="Keep both images to inspect them.")
def verify(dockerfile, probe_cmd, probe_http, as_json, keep_images, **common):
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
    df, ctx, plan, new = _convert(dockerfile, **common)
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


from .batch.command import batch as _batch  # noqa: E402  (click definitions only: cheap to import)

app.add_command(_batch)


def main(argv: list[str] | None = None) -> int:
    """The console entry point: every way a run can end maps to one exit code and at most one
    line on stderr (a traceback only with --debug)."""
    try:
        app.main(args=argv, prog_name="stagesplit", standalone_mode=False)
        return 0
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_INPUT)
    except click.exceptions.Exit as e:
        return e.exit_code
    except (KeyboardInterrupt, click.exceptions.Abort):
        _say("stagesplit: interrupted")
        return EXIT_INTERRUPTED
    except click.ClickException as e:
        _say(f"stagesplit: error: {e.format_message()}")
        return EXIT_INPUT
    except Exception as e:   # a bug of ours: one line naming the file, never exit 1
        if _STATE.get("debug"):
            import traceback  # here: only --debug prints one

            traceback.print_exc()
        where = f" on {_STATE['file']}" if _STATE.get("file") else ""
        _say(f"stagesplit: internal error{where}: {type(e).__name__}: {e}"[:400]
             + ("" if _STATE.get("debug") else " (--debug shows the traceback)"))
        return EXIT_INTERNAL


def may_skip_teardown() -> bool:
    """Whether the command that ran leaves nothing for the interpreter's teardown to finish (no
    worker processes, threads or engine connections: convert and explain), so that the process
    may end without it (converter/__main__.py)."""
    return bool(_STATE.get("no_teardown"))


def _say(line: str) -> None:
    try:
        if sys.stderr is not None:
            print(line, file=sys.stderr)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
