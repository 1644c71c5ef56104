"""File effects of the everyday commands in RUN lines (coreutils, busybox, curl, tar, users).

A command missing here is an *unknown effect*: the converter then refuses rather than guess.
`HARMLESS` commands write nothing a runtime stage could need (they print, test or set flags).
"""

from __future__ import annotations

import posixpath

from converter.shell import SimpleCommand

from . import CommandEffect

HARMLESS = frozenset(
    "echo printf true false : ls cat pwd id whoami uname which test [ sleep set env date stat "
    "du df file head tail grep egrep fgrep wc sort uniq find sha256sum md5sum command type hash "
    "ldd nproc free exit".split()
)


def _abs(cwd: str, p: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, p))


def _operands(args: tuple[str, ...], with_value: frozenset[str] = frozenset()) -> list[str]:
    out: list[str] = []
    skip = False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a == "--":
            out.extend(args[i + 1:])
            break
        if a.startswith("-") and a != "-":
            skip = a in with_value
            continue
        out.append(a)
    return out


def command_effect(cmd: SimpleCommand) -> CommandEffect | None:
    name, args, cwd = posixpath.basename(cmd.name), cmd.args, cmd.cwd
    redirects = tuple(_abs(cwd, w.text) for w in cmd.redirect_writes)
    if name in HARMLESS or name in ("cd", "export", "umask", "exec"):
        if name == "exec" and args:
            return None  # exec runs another command: judged as that command
        return CommandEffect(writes=redirects)
    if name == "mkdir":
        return CommandEffect(writes=tuple(_abs(cwd, p) for p in _operands(args, frozenset({"-m"}))) + redirects)
    if name == "touch":
        return CommandEffect(writes=tuple(_abs(cwd, p) for p in _operands(args)))
    if name in ("cp", "mv", "install", "ln"):
        ops = _operands(args, frozenset({"-m", "-o", "-g", "-t", "-S"}))
        if name == "install" and "-d" in args:
            return CommandEffect(writes=tuple(_abs(cwd, p) for p in ops))
        if len(ops) < 2:
            return None
        srcs, dest = ops[:-1], _abs(cwd, ops[-1])
        if name == "ln":
            return CommandEffect(writes=(dest,))
        reads = tuple(_abs(cwd, s) for s in srcs)
        return CommandEffect(reads=reads, writes=(dest,), deletes=reads if name == "mv" else ())
    if name in ("rm", "rmdir"):
        return CommandEffect(deletes=tuple(_abs(cwd, p) for p in _operands(args)))
    if name in ("chmod", "chown", "chgrp"):
        ops = _operands(args, frozenset({"--reference"}))[1:]
        return CommandEffect(modifies=tuple(_abs(cwd, p) for p in ops))
    if name == "sed":
        if any(a.startswith("-i") or a == "--in-place" for a in args):
            ops = _operands(args, frozenset({"-e", "-f"}))
            files = ops if any(a in ("-e", "-f") for a in args) else ops[1:]
            return CommandEffect(writes=tuple(_abs(cwd, p) for p in files))
        return CommandEffect(writes=redirects)
    if name == "curl":
        for flag in ("-o", "--output"):
            if flag in args and args.index(flag) + 1 < len(args):
                return CommandEffect(writes=(_abs(cwd, args[args.index(flag) + 1]),))
        if "-O" in args or "--remote-name" in args:
            return None  # file name comes from the URL
        return CommandEffect(writes=redirects)
    if name == "wget":
        for i, a in enumerate(args):
            if a in ("-O", "--output-document") and i + 1 < len(args):
                target = args[i + 1]
                return CommandEffect(writes=() if target == "-" else (_abs(cwd, target),)) if not redirects else CommandEffect(writes=redirects)
            if a.startswith("-O") and len(a) > 2:
                return CommandEffect(writes=(_abs(cwd, a[2:]),))
        return None
    if name == "tar":
        return _tar(args, cwd)
    if name in ("adduser", "useradd", "addgroup", "groupadd"):
        return CommandEffect(writes=("/etc/passwd", "/etc/group", "/etc/shadow"))
    return None


def _tar(args: tuple[str, ...], cwd: str) -> CommandEffect | None:
    flags = "".join(a.lstrip("-") for a in args[:1]) if args and not args[0].startswith("-") else ""
    extract = "x" in flags or any(a in ("-x", "--extract") or (a.startswith("-") and not a.startswith("--") and "x" in a) for a in args)
    if not extract:
        archive = None
        for i, a in enumerate(args):
            if a in ("-f", "--file") and i + 1 < len(args):
                archive = args[i + 1]
        return CommandEffect(writes=(_abs(cwd, archive),)) if archive else None
    target = cwd
    for i, a in enumerate(args):
        if a in ("-C", "--directory") and i + 1 < len(args):
            target = _abs(cwd, args[i + 1])
        elif a.startswith("--directory="):
            target = _abs(cwd, a.split("=", 1)[1])
    return CommandEffect(trees=(target,))
