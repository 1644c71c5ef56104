"""The `stagesplit batch` command. Click definitions only at import time (cli.py imports this
module for every command, `convert` included); the work is imported inside the function.

Exit codes: 0 every file converted, left unchanged or skipped; 1 --check and some file would be
converted; 2 bad usage (an unknown option, a ROOT that does not exist, an unreadable
--files-from, a report that cannot be written); 5 some file could not be read, parsed or
converted (its record says why; the others are done and reported); 130 interrupted (Ctrl-C or
SIGTERM: the files done so far are reported, no file is half-written).
"""

from __future__ import annotations

import sys

import click

from ..options import shared

EXIT_CHANGES = 1
EXIT_USAGE = 2
EXIT_FILE_ERRORS = 5
EXIT_INTERRUPTED = 130


@click.command()
@click.argument("roots", nargs=-1, type=str)
@click.option("--files-from", "files_from", default=None, metavar="FILE",
              help="Read the files (or folders) to convert from FILE, one per line; '-' for stdin.")
@click.option("-0", "--null", "null", is_flag=True, help="--files-from entries end with NUL, not newline (find -print0, git ls-files -z).")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Convert the files matching these gitignore-style globs instead of the Dockerfile names; repeatable.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out files and folders matching this gitignore-style glob; repeatable.")
@click.option("--no-gitignore", is_flag=True, help="Do not leave out what .gitignore files ignore.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.  [default: all cores]")
@click.option("--report", "report_path", default="-", metavar="FILE", help="Write the report to FILE ('-': stdout).  [default: -]")
@click.option("--format", "fmt", type=click.Choice(("json", "csv", "markdown")), default=None,
              help="Report format.  [default: from the --report file's extension, else markdown]")
@click.option("--write", is_flag=True, help="Rewrite the files that convert (atomically, keeping FILE.orig). Default: a dry run.")
@click.option("--check", is_flag=True, help="Exit 1 when some file would be converted; write nothing.")
@shared
def batch(roots, files_from, null, include, exclude, no_gitignore, jobs, report_path, fmt, write, check, **options):
    """Convert every Dockerfile under ROOT... (default: the working directory), in parallel, with one report.

    Finds Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile; honours .gitignore;
    never follows a symbolic link out of ROOT. A dry run unless --write."""
    from ..errors import InputError
    from . import discover, report, runner
    from .progress import Bar, Plain
    from .worker import Given

    def usage(message: str):
        click.echo(f"stagesplit: error: {message}", err=True)
        sys.exit(EXIT_USAGE)

    if write and check:
        usage("--write and --check exclude each other")
    if null and not files_from:
        usage("-0 reads --files-from: give --files-from FILE or -")
    given = Given(runtime=options["runtime"], stage_name=options["stage_name"], buildkit=options["buildkit"],
                  max_size=options["max_size"], closure=options["closure"], bases_file=options["bases_file"])
    max_bytes = None
    if given.max_size is not None:
        from ..options import size

        try:
            max_bytes = size(given.max_size)
        except click.BadParameter as e:
            usage(f"--max-size {e.message}")
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
    filters = discover.Filters(tuple(include), tuple(exclude), not no_gitignore, max_bytes)
    fmt = report.format_for(None if report_path == "-" else report_path, fmt)
    try:
        found = discover.discover(roots or (() if files_from else (".",)), filters)
        if files_from:
            found += discover.listed(_read_list(files_from, null), filters)
    except InputError as e:
        usage(str(e))
    progress = (Bar if runner.is_terminal() else Plain)(len(found))
    with progress:
        outcome = runner.run(found, given, jobs or runner.default_jobs(), write, progress)
    text = report.render(fmt, outcome.records, write, outcome.interrupted)
    try:
        report.write_report(text, report_path)
    except OSError as e:
        usage(f"cannot write the report {report_path}: {e.strerror or e}")
    t = report.totals(outcome.records)
    s = t["by_status"]
    rate = (t["files"] - t["not_processed"]) / outcome.seconds if outcome.seconds else 0.0
    click.echo(f"stagesplit: batch: {t['files'] - t['not_processed']}/{t['files']} files in {outcome.seconds:.1f} s "
               f"({rate:.0f}/s): {s['converted']} {'converted' if write else 'to convert'}, {s['unchanged']} unchanged, "
               f"{s['error']} errors, {s['skipped']} skipped; estimated saving ~{t['estimated_saving_mb']} MB "
               f"(an estimate; {t['estimate_unknown']} unknown)" + (" (dry run: nothing written)" if not write else ""), err=True)
    if outcome.interrupted:
        click.echo("stagesplit: interrupted: the report lists the files done", err=True)
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
