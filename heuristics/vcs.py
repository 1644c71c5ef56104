"""Version control commands in RUN lines (git): where their files land.

What a checkout brings (a submodule's files, a cloned repository) cannot be listed without
running it, so those commands write a *tree*: a folder with contents the analysis cannot list.
The planner never takes a program from such a tree, and the runtime stage carries a tree that
lies in the program's folder whole (whatever is in it at build time), never file by file.

- `git clone URL [DIR]` -> tree DIR (default: the repository's name) below the cwd;
- `git submodule update|init`, `checkout`, `switch`, `restore`, `pull`, `merge`, `rebase`,
  `reset`, `apply`, `am`, `stash`, `lfs pull|checkout` -> tree at the cwd (the work tree);
- `git config|describe|rev-parse|log|status|show|version|fetch|remote|tag|branch|diff|ls-files|add|commit|init`
  -> writes no file the runtime stage could need (.git only);
- anything else: unknown.

Example: `RUN git submodule update --init --recursive` in /src -> tree /src.
"""

from __future__ import annotations

import posixpath

from converter.shell import SimpleCommand

from . import CommandEffect

_WORK_TREE = frozenset("submodule checkout switch restore pull merge rebase reset apply am stash cherry-pick revert".split())
_QUIET = frozenset("config describe rev-parse log status show version fetch remote tag branch diff ls-files add commit "
                   "ls-remote rev-list shortlog blame grep gc fsck init".split())
_VALUE_FLAGS = frozenset({"-C", "-c", "--git-dir", "--work-tree", "--namespace"})
_CLONE_VALUE_FLAGS = frozenset({"-b", "--branch", "--depth", "-o", "--origin", "--reference", "-c", "--config",
                                "--shallow-since", "--filter", "-j", "--jobs", "--separate-git-dir", "--template"})


def command_effect(cmd: SimpleCommand) -> CommandEffect | None:
    if posixpath.basename(cmd.name) != "git":
        return None
    args = list(cmd.args)
    cwd = cmd.cwd
    while args and args[0].startswith("-"):
        flag = args.pop(0)
        if flag in _VALUE_FLAGS and args:
            value = args.pop(0)
            if flag == "-C":
                cwd = posixpath.normpath(posixpath.join(cwd, value))
            elif flag in ("--git-dir", "--work-tree"):
                return None   # a work tree elsewhere: not followed
    if not args:
        return CommandEffect(note="git: no subcommand")
    sub, rest = args[0], args[1:]
    if sub in _QUIET:
        return CommandEffect(note=f"git {sub}: no file the runtime needs")
    if sub == "lfs" and rest and rest[0] in ("pull", "checkout", "fetch", "install"):
        return CommandEffect(trees=(cwd,), note=f"git lfs {rest[0]}: files of the work tree {cwd}, not listed")
    if sub in _WORK_TREE:
        return CommandEffect(trees=(cwd,), note=f"git {sub}: files of the work tree {cwd}, not listed")
    if sub == "clone":
        operands: list[str] = []
        skip = False
        for a in rest:
            if skip:
                skip = False
                continue
            if a in _CLONE_VALUE_FLAGS:
                skip = True
            elif not a.startswith("-"):
                operands.append(a)
        if not operands:
            return None
        if len(operands) > 1:
            dest = operands[1]
        else:
            dest = posixpath.basename(operands[0].rstrip("/"))
            dest = dest[:-4] if dest.endswith(".git") else dest
        target = posixpath.normpath(posixpath.join(cwd, dest))
        return CommandEffect(trees=(target,), note=f"git clone into {target}: files not listed")
    return None
