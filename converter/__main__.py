"""`python -m converter` and the `stagesplit` console script.

Kept tiny on purpose: a Ctrl-C that lands while the command line's modules are still being
imported ends the run with exit 130 and no traceback, like one that lands later.

Two costs of a short run are cut here, where the process starts and ends (tests call
`cli.main` in their own process and keep both):
- the cyclic garbage collector is off while the modules load: they allocate tens of thousands
  of objects that live for the whole run, and each collection would walk them all again (~6 ms);
- after a command that leaves no worker process or thread behind (convert, explain), the
  process ends once its output is flushed and the exit handlers have run, without the
  interpreter's teardown, which frees every object one by one (~17 ms of a 150 ms run).
"""

from __future__ import annotations

import gc
import sys


def run() -> None:
    gc.disable()
    try:
        from .cli import main, may_skip_teardown
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        gc.enable()
    code = main()
    if may_skip_teardown():
        _end(code)
    sys.exit(code)


def _end(code: int) -> None:
    """Exit with CODE as `sys.exit` would, minus the teardown; on any doubt (output that cannot
    be flushed, e.g. a closed pipe) return, and the caller exits the ordinary way."""
    import atexit
    import os

    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    atexit._run_exitfuncs()   # what the ordinary exit runs first (weakref finalizers among them)
    os._exit(code)


if __name__ == "__main__":
    run()
