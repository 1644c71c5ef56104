"""The `stagesplit` command (argparse). I/O lives here; the pipeline below it is pure.

Exit codes: 0 converted or deliberately unchanged (reason on stderr); 1 --check found a change,
or verify found a difference; 2 bad usage or unreadable/unparsable input (one line, nothing
written); 3 verify found no Docker engine; 4 an internal error (a bug: one line naming the file,
the traceback with --debug); 130 interrupted (Ctrl-C), with no traceback and no half-written file.

argparse from the standard library, not click: importing click cost ~18 ms of every run (it
loads inspect, uuid, platform, datetime, ...) against ~4 ms, and a single-file convert is
measured against hadolint's wall time (README "Speed"). Only the command that runs has its
parser built; usage errors keep click's one-line wording (`_words`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
from typing import NoReturn

from .errors import InputError
from .files import write_in_place
from .options import add_common, choice, common
from .options import load as _load

EXIT_CHANGED = 1
EXIT_INPUT = 2
EXIT_NO_ENGINE = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130

_STATE: dict[str, object] = {}   # --debug and the file at hand, for the last-resort handler


def _fail(message: object) -> NoReturn:
    """Bad usage or bad input: one line on stderr, exit 2, nothing written."""
    _say(f"stagesplit: error: {message}")
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

    loaded = _load(dockerfile, **common)
    df = loaded.dockerfile
    plan = make_plan(df, loaded.context, loaded.options)
    return df, loaded.context, plan, render(df, plan)


def _emit(text: str) -> None:
    """Write to stdout; a closed or full stdout is one error line, not a traceback. Bytes, where
    stdout has them: a Dockerfile that is not UTF-8 is written back in its own bytes
    whatever the locale's encoding of stdout."""
    if sys.stdout is None:
        _fail("cannot write the output: stdout is closed")
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8", "surrogateescape"))   # as files.encode_text: parse.decode's surrogates back to bytes
            buffer.flush()
        else:
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


FORMATS = ("text", "github", "sarif")


def convert(args: argparse.Namespace) -> None:
    """Convert DOCKERFILE ('-' for stdin) and print the result; several files with --diff,
    --check, --in-place or --format github|sarif."""
    _STATE["no_teardown"] = True
    files: tuple[str, ...] = tuple(args.dockerfile)
    as_diff, in_place, check, fmt = args.as_diff, args.in_place, args.check, args.fmt
    if not files:
        raise Usage("Missing argument 'DOCKERFILE...'.")
    shared = common(args)
    if args.no_backup and not in_place:
        _fail("--no-backup goes with --in-place (the only way convert writes a file)")
    if in_place and (as_diff or check):
        _fail("--diff, --in-place and --check exclude each other (except --check --diff)")
    if fmt != "text" and (as_diff or in_place):
        _fail(f"--format {fmt} holds the diff and writes nothing: it excludes --diff and --in-place")
    if "-" in files and len(files) > 1:
        _fail("'-' (stdin) is one input: it cannot be given with other files")
    if in_place and files == ("-",):
        _fail("--in-place needs a file, not stdin")
    if fmt != "text":
        sys.exit(_convert_preview(files, fmt, check, shared))
    if len(files) > 1:
        if not (as_diff or check or in_place):
            _fail("several files would be printed joined: give --diff, --check, --in-place or --format github|sarif")
        sys.exit(_convert_each(files, as_diff, in_place, check, shared, not args.no_backup))
    _convert_one(files[0], as_diff, in_place, check, shared, not args.no_backup)


def _convert_one(dockerfile: str, as_diff: bool, in_place: bool, check: bool, common: dict, backup: bool) -> None:
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
            _write(dockerfile, df.text, new, plan, backup)
        except InputError as e:
            _fail(e)
        return
    _emit(new)


def _say_verdict(dockerfile: str, plan, check: bool) -> None:
    if not plan.changed:
        _say(f"stagesplit: {dockerfile}: left unchanged ({plan.code}): {plan.reason}")
    for warning in plan.warnings:
        _say(f"stagesplit: {dockerfile}: warning: {warning}")
    if check and plan.changed:
        _say(f"stagesplit: {dockerfile}: would be converted ({plan.reason})")


def _write(dockerfile: str, old: str, new: str, plan, backup: bool) -> None:
    """Rewrite the file when it changes, keeping DOCKERFILE.orig if BACKUP (InputError when it
    cannot be written)."""
    if new != old:
        with _signals_held():
            target, kept = write_in_place(dockerfile, old, new, backup=backup)
        _say(f"stagesplit: {dockerfile}: converted ({plan.reason}); "
             + (f"original kept as {kept}" if kept else "no backup kept (--no-backup)"))


def _convert_each(files: tuple[str, ...], as_diff: bool, in_place: bool, check: bool, common: dict,
                  backup: bool) -> int:
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
                _write(dockerfile, df.text, new, plan, backup)
        except InputError as e:
            _say(f"stagesplit: {dockerfile}: error: {e}")
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
            _say(f"stagesplit: {dockerfile}: error: {e}")
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


def explain(args: argparse.Namespace) -> None:
    """Show each instruction's effects, the runtime artifact and closure, and every decision."""
    _STATE["no_teardown"] = True
    from .explain import explain as report

    dockerfile, graph = _one(args), args.graph
    df, _, plan, _ = _convert(dockerfile, **common(args))
    if graph:
        if plan.findings.provenance is None:
            _say(f"stagesplit: {dockerfile}: no graph: {plan.reason}")
            return
        from .preview.mermaid import runtime_view

        prov, view = plan.findings.provenance, runtime_view(plan)
        _emit(prov.to_dot(view) if graph == "dot" else prov.to_mermaid(view))
        return
    _emit(report(df, plan))


def _one(args: argparse.Namespace) -> str:
    """The one DOCKERFILE argument of explain and verify (checked here, after the options, so
    that an unknown option is what an error names first, as it always was)."""
    if args.dockerfile is None:
        raise Usage("Missing argument 'DOCKERFILE'.")
    return args.dockerfile


def _parse_http(spec: str) -> tuple[int, str]:
    port, _, path = spec.partition("/")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"{spec!r}: expected PORT[/PATH]")
    return int(port), "/" + path


def verify(args: argparse.Namespace) -> None:
    """Build the original and the converted file, probe both, compare."""
    import json
    import shlex

    from .engine import EngineError
    from .verify import Probe, run_verify

    dockerfile, probe_cmd, parsed = _one(args), args.probe_cmd, args.probe_http
    as_json, keep_images = args.as_json, args.keep_images

    if dockerfile == "-":
        _fail("verify needs a Dockerfile path, not stdin")
    if probe_cmd is not None and parsed:
        _fail("--probe-cmd and --probe-http exclude each other")
    if parsed:
        if len({p for p, _ in parsed}) > 1:
            _fail("all --probe-http must use one port")
        probe = Probe(http_port=parsed[0][0], http_paths=tuple(p for _, p in parsed))
    else:
        try:
            probe = Probe(cmd=tuple(shlex.split(probe_cmd or "")))
        except ValueError as e:
            _fail(f"--probe-cmd: {e}")
    df, ctx, plan, new = _convert(dockerfile, **common(args))
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
        _say(f"stagesplit: error: {e}")
        sys.exit(EXIT_NO_ENGINE)
    if as_json:
        _emit(json.dumps(report.to_json(), indent=2) + "\n")
    else:
        from .report import verify_table

        Console().print(verify_table(report))
    sys.exit(0 if report.ok else 1)


# -- the command line ------------------------------------------------------------------------------

class Usage(Exception):
    """Bad usage: said as one line `stagesplit: error: ...`, exit 2."""


class Parser(argparse.ArgumentParser):
    """argparse with click's words for a usage error, raised (`Usage`) rather than printed with
    the usage text and exited: `main` says it in one line."""

    def error(self, message: str) -> NoReturn:
        raise Usage(_words(message))

    def parse(self, args: list[str]) -> argparse.Namespace:
        """ARGS with options and arguments in any order (as click took them); an argument left
        over is an unknown option or one argument too many."""
        ns, extras = self.parse_known_intermixed_args(args)
        if extras:
            raise Usage(self._leftover(extras))
        return ns

    def _leftover(self, extras: list[str]) -> str:
        first = extras[0]
        if first.startswith("-") and first != "-":
            name = first.split("=", 1)[0]
            return f"No such option {name!r}." + _did_you_mean(name, list(self._option_string_actions))
        s = "s" if len(extras) > 1 else ""
        return f"Got unexpected extra argument{s} ({' '.join(extras)})"


def _words(message: str) -> str:
    """argparse's message for a usage error, in the words the command line has always used."""
    m = re.fullmatch(r"argument (\S+): (.*)", message, re.S)
    if not m:
        return message
    names, problem = m.group(1).split("/"), m.group(2)
    if problem.startswith("expected one argument"):
        return f"Option {names[-1]!r} requires an argument."
    if problem.startswith("ignored explicit argument"):
        return f"Option {names[-1]!r} does not take a value."
    other = re.fullmatch(r"not allowed with argument (\S+)", problem)
    if other:
        return f"{other.group(1).split('/')[-1]} and {names[-1]} exclude each other"
    return f"Invalid value for {' / '.join(map(repr, names))}: {problem}"


def _did_you_mean(name: str, known: list[str]) -> str:
    import difflib  # here: only a mistyped name needs it

    close = difflib.get_close_matches(name, known, n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


class _Help(argparse.HelpFormatter):
    """A command's text wrapped paragraph by paragraph; indented lines (the table of commands)
    kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        return "\n\n".join(textwrap.indent(p, indent) if "\n  " in p
                            else textwrap.fill(" ".join(p.split()), width, initial_indent=indent, subsequent_indent=indent)
                            for p in text.strip("\n").split("\n\n"))


def _parser(name: str, usage: str, doc: str | None) -> Parser:
    prog = f"stagesplit {name}".strip()
    return Parser(prog=prog, usage=f"{prog} {usage}", description=doc, formatter_class=_Help, allow_abbrev=False)


class _Version(argparse.Action):
    """--version, read from the installed package's metadata only when asked for."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="Show the version and exit.")

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import version

        print(f"stagesplit, version {version('stagesplit')}")
        parser.exit()


FORMATS = ("text", "github", "sarif")


def _convert_parser() -> Parser:
    p = _parser("convert", "[OPTIONS] DOCKERFILE...", convert.__doc__)
    p.add_argument("dockerfile", nargs="*", metavar="DOCKERFILE", help="A Dockerfile to convert; '-' for stdin.")
    add_common(p)
    p.add_argument("--diff", dest="as_diff", action="store_true", help="Print a unified diff against the original.")
    p.add_argument("--in-place", action="store_true", help="Rewrite the file, keeping DOCKERFILE.orig.")
    p.add_argument("--no-backup", action="store_true",
                   help="With --in-place: keep no DOCKERFILE.orig (version control keeps the original).")
    p.add_argument("--check", action="store_true",
                   help="Exit 1 if a file would change; write nothing (with --diff: print the diff too).")
    p.add_argument("--format", dest="fmt", type=choice(*FORMATS), default="text", metavar=f"[{'|'.join(FORMATS)}]",
                   help="text: the converted file or diff; github: Markdown for a pull request; "
                        "sarif: SARIF 2.1.0 for code scanning.  [default: text]")
    return p


def _explain_parser() -> Parser:
    p = _parser("explain", "[OPTIONS] DOCKERFILE", explain.__doc__)
    p.add_argument("dockerfile", nargs="?", metavar="DOCKERFILE", help="The Dockerfile to explain; '-' for stdin.")
    add_common(p)
    p.add_argument("--graph", type=choice("dot", "mermaid"), default=None, metavar="[dot|mermaid]",
                   help="Print the file-provenance graph instead of the report.")
    return p


def _verify_parser() -> Parser:
    p = _parser("verify", "[OPTIONS] DOCKERFILE", verify.__doc__)
    p.add_argument("dockerfile", nargs="?", metavar="DOCKERFILE", help="The Dockerfile to verify.")
    add_common(p)
    p.add_argument("--probe-cmd", default=None, metavar="TEXT",
                   help="Run the image with these arguments (shell-quoted); '' for its own command.")
    p.add_argument("--probe-http", type=_parse_http, action="append", default=[], metavar="TEXT",
                   help="GET PORT[/PATH] on the running image; repeatable.")
    p.add_argument("--json", dest="as_json", action="store_true", help="Print the report as JSON.")
    p.add_argument("--keep-images", action="store_true", help="Keep both images to inspect them.")
    return p


def _batch_parser() -> Parser:
    from .batch import command

    p = _parser("batch", "[OPTIONS] [ROOTS]...", command.HELP)
    command.add_arguments(p)
    p.set_defaults(run=command.batch)
    return p


# name: (the parser's builder, the command, its line in `stagesplit --help`)
COMMANDS = {
    "batch": (_batch_parser, None, "Convert every Dockerfile under ROOT..., in parallel; one report."),
    "convert": (_convert_parser, convert, "Convert DOCKERFILE ('-': stdin): the result, a diff or a preview."),
    "explain": (_explain_parser, explain, "Show each instruction's effects, the artifact and every decision."),
    "verify": (_verify_parser, verify, "Build the original and the converted file, probe both, compare."),
}


def _top_parser() -> Parser:
    table = "\n".join(f"  {name:<9}{line}" for name, (_, _, line) in COMMANDS.items())
    p = _parser("", "[OPTIONS] COMMAND [ARGS]...",
                "Split a single-stage Dockerfile into a build stage and a minimal runtime stage.")
    p.epilog = f"Commands:\n{table}\n\n'stagesplit COMMAND --help' describes a command."
    p.add_argument("--version", action=_Version)
    p.add_argument("--debug", action="store_true", help="On an internal error, print the full traceback.")
    return p


def _load_pipeline() -> None:
    """convert, explain and verify plan a file: their modules load here (batch's parent process
    never needs them: its workers plan), with the cyclic collector off as converter/__main__.py
    loads the command line's (tens of thousands of objects that live for the whole run)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        from . import plan, render  # noqa: F401
    finally:
        if enabled:
            gc.enable()


def _run(argv: list[str]) -> None:
    """Parse ARGV and run its command: the program's options, then COMMAND and its own. Only that
    command's parser is built (a run pays for one)."""
    at = next((i for i, a in enumerate(argv) if not a.startswith("-") or a == "-"), len(argv))
    top = _top_parser().parse(argv[:at])
    _STATE["debug"] = top.debug
    if at == len(argv):
        raise Usage(f"Missing command: {', '.join(COMMANDS)} ('stagesplit --help' describes them).")
    name = argv[at]
    if name not in COMMANDS:
        raise Usage(f"No such command {name!r}." + _did_you_mean(name, list(COMMANDS)))
    build, command, _ = COMMANDS[name]
    if command is not None:
        _load_pipeline()
    args = build().parse(argv[at + 1:])
    (command or args.run)(args)


def main(argv: list[str] | None = None) -> int:
    """The console entry point: every way a run can end maps to one exit code and at most one
    line on stderr (a traceback only with --debug)."""
    _STATE.clear()
    try:
        _run(sys.argv[1:] if argv is None else list(argv))
        return 0
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_INPUT)
    except Usage as e:
        _say(f"stagesplit: error: {e}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        _say("stagesplit: interrupted")
        return EXIT_INTERRUPTED
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
