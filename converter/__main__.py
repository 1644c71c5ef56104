"""`python -m converter` and the `stagesplit` console script.

Kept tiny on purpose: a Ctrl-C that lands while the command line's modules are still being
imported ends the run with exit 130 and no traceback, like one that lands later."""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(main())


if __name__ == "__main__":
    run()
