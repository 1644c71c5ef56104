"""The `stagesplit batch` command: its options (`add_arguments`, argparse) and the run (`batch`);
the work is imported inside the function.

Exit codes: 0 every file converted, left unchanged or skipped; 1 --check and some file would be
converted; 2 bad usage (an unknown option, a ROOT that does not exist, an unreadable
--files-from, a report that cannot be written); 5 some file could not be read, parsed or
converted (its record says why; the others are done and reported); 130 interrupted (Ctrl-C or
SIGTERM: the files done so far are reported, no file is half-written).
"""

from __future__ import annotations

import argparse
import sys

from ..options import add_shared

EXIT_CHANGES = 1
EXIT_USAGE = 2
EXIT_FILE_ERRORS = 5
EXIT_INTERRUPTED = 130

HELP = """Convert every Dockerfile under ROOT... (default: the working directory), in parallel, with one report.

Finds Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile; honours .gitignore;
never follows a symbolic link out of ROOT. A dry run unless --write."""


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a valid integer range.") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is not in the range x>=1.")
    return n


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a valid number of seconds.") from None
    if not n >= 0 or n == float("inf"):       # also NaN
        raise argparse.ArgumentTypeError(f"{value} is not in the range x>=0 (0: no limit).")
    return n


MIN_MEMORY_MB = 100     # a worker holds ~60 MB before its first file: below this every file would be stopped


def _megabytes(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a valid integer.") from None
    if n != 0 and n < MIN_MEMORY_MB:
        raise argparse.ArgumentTypeError(f"{n} is below {MIN_MEMORY_MB} (a worker needs ~60 MB before its first file); "
                                         "0: no limit.")
    return n


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ..options import choice
    from .worker import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT

    p.add_argument("roots", nargs="*", metavar="ROOTS", help="Folders (or files) to convert.  [default: .]")
    p.add_argument("--files-from", default=None, metavar="FILE",
                   help="Read the files (or folders) to convert from FILE, one per line; '-' for stdin.")
    p.add_argument("-0", "--null", action="store_true",
                   help="--files-from entries end with NUL, not newline (find -print0, git ls-files -z).")
    p.add_argument("--include", action="append", default=[], metavar="GLOB",
                   help="Convert the files matching these gitignore-style globs instead of the Dockerfile names; repeatable.")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="Leave out files and folders matching this gitignore-style glob; repeatable.")
    p.add_argument("--no-gitignore", action="store_true", help="Do not leave out what .gitignore files ignore.")
    p.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="INTEGER", help="Worker processes.  [default: all cores]")
    p.add_argument("--report", dest="report_path", default="-", metavar="FILE",
                   help="Write the report to FILE ('-': stdout).  [default: -]")
    p.add_argument("--format", dest="fmt", type=choice("json", "csv", "markdown"), default=None, metavar="[json|csv|markdown]",
                   help="Report format.  [default: from the --report file's extension, else markdown]")
    p.add_argument("--write", action="store_true",
                   help="Rewrite the files that convert (atomically, keeping FILE.orig). Default: a dry run.")
    p.add_argument("--check", action="store_true", help="Exit 1 when some file would be converted; write nothing.")
    p.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help="Stop a file's conversion after SECONDS and report it as an error (its worker is replaced; "
                        f"the other files go on). 0: no limit.  [default: {DEFAULT_TIMEOUT:g}]")
    p.add_argument("--max-memory", type=_megabytes, default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                   help="Stop a worker whose resident memory passes MB megabytes; the file it was converting is "
                        f"reported as an error (the other files go on). 0: no limit.  [default: {DEFAULT_MAX_MEMORY_MB}]")
    p.add_argument("--no-cache", action="store_true",
                   help="Analyse every file, even one converted before with the same bytes, options and build context.")
    p.add_argument("--cache-dir", default=None, metavar="DIRECTORY",
                   help="Where the result cache lives.  [default: $XDG_CACHE_HOME/stagesplit, else ~/.cache/stagesplit]")
    add_shared(p)


def batch(args: argparse.Namespace) -> None:
    """Run `stagesplit batch` with the options ARGS holds (exit codes: the module's text)."""
    roots, files_from, null, write, check = args.roots, args.files_from, args.null, args.write, args.check
    report_path, fmt, jobs = args.report_path, args.fmt, args.jobs
    from ..errors import InputError
    from . import discover, report, runner
    from .progress import Bar, Plain
    from .worker import Given

    def usage(message: str):
        print(f"stagesplit: error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)

    if write and check:
        usage("--write and --check exclude each other")
    if null and not files_from:
        usage("-0 reads --files-from: give --files-from FILE or -")
    if args.config_file is not None:       # checked once, before anything is converted
        from .. import config

        try:
            config.given(args.config_file)
        except InputError as e:
            usage(str(e))
    given = Given(runtime=args.runtime, stage_name=args.stage_name, buildkit=args.buildkit,
                  max_size=args.max_size, closure=args.closure, bases_file=args.bases_file,
                  config_file=args.config_file, no_config=args.no_config)
    max_bytes = None
    if given.max_size is not None:
        from ..options import size

        try:
            max_bytes = size(given.max_size)
        except ValueError as e:
            usage(f"--max-size {e}")
    if given.bases_file is not None:
        from ..options import _catalogue

        try:
            _catalogue(None, given.bases_file)
        except InputError as e:
            usage(str(e))
    if report_path != "-":
        import os

        folder = os.path.dirname(os.path.abspath(report_path))
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK) or os.path.isdir(report_path):
            usage(f"--report {report_path}: cannot write there (checked before converting anything)")
    filters = discover.Filters(tuple(args.include), tuple(args.exclude), not args.no_gitignore, max_bytes,
                               config_file=args.config_file, no_config=args.no_config)
    fmt = report.format_for(None if report_path == "-" else report_path, fmt)
    try:
        found = discover.discover(roots or (() if files_from else (".",)), filters)
        if files_from:
            found += discover.listed(_read_list(files_from, null), filters)
    except InputError as e:
        usage(str(e))
    cache = None
    if not args.no_cache:
        from . import memo

        folder = args.cache_dir or memo.default_folder()
        cache = memo.prepare(folder)
        if cache is None:
            print(f"stagesplit: batch: no result cache (cannot write {folder}): every file is analysed", file=sys.stderr)
    progress = (Bar if runner.is_terminal() else Plain)(len(found))
    with progress:
        outcome = runner.run(found, given, jobs or runner.default_jobs(), write, progress,
                             timeout=args.timeout, max_memory_mb=args.max_memory, cache=cache)
    text = report.render(fmt, outcome.records, write, outcome.interrupted)
    try:
        report.write_report(text, report_path)
    except OSError as e:
        usage(f"cannot write the report {report_path}: {e.strerror or e}")
    t = report.totals(outcome.records)
    s = t["by_status"]
    rate = (t["files"] - t["not_processed"]) / outcome.seconds if outcome.seconds else 0.0
    print(f"stagesplit: batch: {t['files'] - t['not_processed']}/{t['files']} files in {outcome.seconds:.1f} s "
          f"({rate:.0f}/s): {s['converted']} {'converted' if write else 'to convert'}, {s['unchanged']} unchanged, "
          f"{s['error']} errors, {s['skipped']} skipped; estimated saving ~{t['estimated_saving_mb']} MB "
          f"(an estimate; {t['estimate_unknown']} unknown)" + (" (dry run: nothing written)" if not write else "")
          + (f"; {t['from_cache']} from the cache" if t["from_cache"] else ""),
          file=sys.stderr)
    if outcome.interrupted:
        print("stagesplit: interrupted: the report lists the files done", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    if s["error"]:
        sys.exit(EXIT_FILE_ERRORS)
    if check and s["converted"]:
        sys.exit(EXIT_CHANGES)


def _read_list(source: str, null: bool) -> list[str]:
    from ..errors import InputError

    try:
        if source == "-":
            data = sys.stdin.buffer.read() if sys.stdin is not None else b""
        else:
            with open(source, "rb") as f:
                data = f.read()
    except OSError as e:
        raise InputError(f"--files-from {source}: {e.strerror or e}") from None
    import os

    entries = data.split(b"\0") if null else data.splitlines()
    return [os.fsdecode(e) for e in entries if e]
