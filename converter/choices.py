"""The values of --runtime and --closure (and of the configuration's `runtime` and `closure`).

A module of their own, importing nothing: the command line and the configuration check them
without loading the planner (converter/plan), which `stagesplit batch`'s parent process never
needs (its workers plan)."""

RUNTIMES = ("auto", "alpine", "scratch", "distroless", "slim")
CLOSURES = ("tree", "precise")
