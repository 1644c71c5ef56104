"""`stagesplit batch`: every Dockerfile under some folders (or in a list of paths), converted
in parallel worker processes, with one report.

  discover  which files: name patterns, .gitignore, --include/--exclude and the configuration's
            excludes, symbolic links kept inside ROOT, size limit (pure apart from listing folders)
  record    what one file gave (`Record`), small enough to cross a process boundary cheaply
  worker    the code a worker process runs: a chunk of paths in, records out
  runner    the pool (spawn, workers replaced after a number of files), the limits per file and
            per worker (--timeout, --max-memory), progress, writes, Ctrl-C
  report    json / csv / markdown, with totals
  command   the argparse options and the run of `stagesplit batch`
"""
