"""File effects of the everyday commands in RUN lines (coreutils, busybox, curl, tar, users).

A command missing here is an *unknown effect*: the converter then refuses rather than guess.
`HARMLESS` commands write nothing a runtime stage could need (they print, test or set flags).
Commands that run other commands (`env`, `nice`, `sudo`, `sh -c`, `find -exec`, `xargs`, ...)
are not harmless: `unwrap` reads through them to the command they run (see there).
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Callable, Mapping, Sequence

from immutables import Map
from msgspec import Struct
from msgspec.structs import replace

from converter.shell import SimpleCommand, Word

from . import CommandEffect

HARMLESS = frozenset(
    "echo printf true false : ls cat pwd id whoami uname which test [ sleep set date stat "
    "du df file head tail grep egrep fgrep wc sort uniq sha256sum md5sum type hash "
    "ldd nproc free exit".split()
)
# Filters and look-ups that print to their standard output and write nothing else: what they
# make is their redirect's (`envsubst < app.conf.tmpl > app.conf`, `jq .x a.json > b.json`).
# awk writes a file of its own only through gawk's `-i inplace`, which is left unknown.
PRINTS_ONLY = frozenset(
    "jq envsubst tr cut base64 basename dirname realpath readlink seq expr tac rev paste column "
    "sha1sum sha512sum cksum diff cmp hostname getent awk gawk mawk nawk getconf arch dpkg-query".split()
)
# dpkg's questions (`ARCH=$(dpkg --print-architecture)`): they print; its installs are packages'.
_DPKG_QUERIES = frozenset("--print-architecture --print-foreign-architectures -l --list -s --status -L --listfiles "
                          "-S --search --get-selections".split())


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


def command_effect(cmd: SimpleCommand, exists: Callable[[str], bool] | None = None) -> CommandEffect | None:
    """EXISTS (the image's files at this step) tells `touch` of a file the build already has
    (the Rust dependency-caching idiom `touch src/main.rs`) from one it creates."""
    name, args, cwd = posixpath.basename(cmd.name), cmd.args, cmd.cwd
    redirects = tuple(_abs(cwd, w.text) for w in cmd.redirect_writes)
    if name == "dpkg" and args[:1] and args[0] in _DPKG_QUERIES:
        return CommandEffect(writes=redirects)
    if name in PRINTS_ONLY and not (name.endswith("awk") and any(a == "-i" or a.startswith("-i") for a in args)):
        return CommandEffect(writes=redirects)
    if name in HARMLESS or name in ("cd", "export", "umask", "exec"):
        if name == "exec" and args:
            return None  # exec runs another command: judged as that command
        return CommandEffect(writes=redirects)
    if name in (".", "source") and len(args) == 1 and args[0].endswith("bin/activate"):
        return CommandEffect(note="activates a Python virtual environment: PATH and VIRTUAL_ENV for what follows")
    if name == "mkdir":
        return CommandEffect(writes=tuple(_abs(cwd, p) for p in _operands(args, frozenset({"-m"}))) + redirects)
    if name == "touch":
        # An existing file keeps its content (only its times change): its origin stays.
        paths = [_abs(cwd, p) for p in _operands(args)]
        there = [p for p in paths if exists is not None and exists(p)]
        return CommandEffect(writes=tuple(p for p in paths if p not in there), modifies=tuple(there))
    if name in ("cp", "mv", "install", "ln"):
        ops = _operands(args, frozenset({"-m", "-o", "-g", "-t", "-S", "--target-directory"}))
        if name == "install" and "-d" in args:
            return CommandEffect(writes=tuple(_abs(cwd, p) for p in ops))
        target = _target_dir(args)
        if target is not None:       # cp -t DIR SRC...: every operand is a source
            if not ops:
                return None
            srcs, dest = ops, _abs(cwd, target)
        elif len(ops) < 2:
            return None
        else:
            srcs, dest = ops[:-1], _abs(cwd, ops[-1])
        if name == "ln":
            symbolic = any(a == "--symbolic" or (a.startswith("-") and not a.startswith("--") and "s" in a) for a in args)
            if symbolic and len(srcs) == 1 and target is None and exists is not None and not exists(dest):
                # `ln -s TARGET LINK`: a link, made again in the runtime stage rather than copied through
                return CommandEffect(writes=(dest,), links=((dest, srcs[0]),))
            return CommandEffect(writes=(dest,))
        reads = tuple(_abs(cwd, s) for s in srcs)
        return CommandEffect(reads=reads, writes=(dest,), deletes=reads if name == "mv" else ())
    if name == "strip":       # in place, or -o OUT
        ops = _operands(args, frozenset({"-o", "-R", "-K", "-N", "-F", "-I", "-O"}))
        out = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "-o"), None)
        if out is not None:
            return CommandEffect(reads=tuple(_abs(cwd, p) for p in ops), writes=(_abs(cwd, out),))
        return CommandEffect(modifies=tuple(_abs(cwd, p) for p in ops))
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
    if name in ("curl", "wget"):
        return _download(name, args, cwd, redirects)
    if name == "tee":
        return CommandEffect(writes=tuple(_abs(cwd, p) for p in _operands(args)) + redirects)
    if name == "tar":
        return _tar(args, cwd)
    if name in ("adduser", "useradd", "addgroup", "groupadd"):
        return CommandEffect(writes=("/etc/passwd", "/etc/group", "/etc/shadow"))
    return None


def user_home(cmd: SimpleCommand) -> tuple[str, str] | None:
    """(name, home folder) of the user `useradd`/`adduser` creates, as its /etc/passwd entry will
    say (created or not): `-d/--home-dir DIR` (useradd), `--home DIR` (Debian adduser), `-h DIR`
    (busybox adduser), else /home/NAME; Debian's `adduser --system` without --home: /nonexistent."""
    name = posixpath.basename(cmd.name)
    if name not in ("useradd", "adduser") or not all(w.known for w in cmd.argv):
        return None
    args = list(cmd.args)
    home: str | None = None
    operands: list[str] = []
    takes_value = {"-d", "--home-dir", "--home", "-h", "-u", "--uid", "-g", "--gid", "-G", "--groups", "-s", "--shell",
                   "-c", "--comment", "--gecos", "-k", "--skel", "-e", "--expiredate", "-f", "--inactive", "-K",
                   "--key", "-p", "--password", "-b", "--base-dir", "--ingroup", "--firstuid", "--lastuid", "-R",
                   "--root", "-Z", "--selinux-user", "--conf", "--add_extra_groups"}
    i = 0
    while i < len(args):
        a = args[i]
        opt, eq, value = a.partition("=")
        if opt in takes_value and not (opt == "-h" and name == "useradd"):     # useradd's -h is --help
            if not eq:
                value = args[i + 1] if i + 1 < len(args) else ""
                i += 1
            if opt in ("-d", "--home-dir", "--home") or (opt == "-h" and name == "adduser"):
                home = value
        elif not a.startswith("-"):
            operands.append(a)
        i += 1
    if len(operands) != 1 or "$" in operands[0]:
        return None        # `adduser app sudo` adds a user to a group; a name known only when it runs
    user = operands[0]
    if home is None:
        home = "/nonexistent" if name == "adduser" and "--system" in args else f"/home/{user}"
    return (user, home) if home.startswith("/") else None


def creates_home(cmd: SimpleCommand) -> bool:
    """Whether the useradd/adduser line makes the home folder: useradd only with -m (Debian's
    CREATE_HOME is off), adduser unless --no-create-home / -H or Debian's --system."""
    name = posixpath.basename(cmd.name)
    args = cmd.args
    if name == "useradd":
        return any(a in ("-m", "--create-home") or (a.startswith("-") and not a.startswith("--") and "m" in a[1:]
                                                     and len(a) <= 4) for a in args)
    if name == "adduser":
        return not any(a in ("--no-create-home", "-H", "--system") for a in args)
    return False


def _target_dir(args: tuple[str, ...]) -> str | None:
    for i, a in enumerate(args):
        if a in ("-t", "--target-directory") and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--target-directory="):
            return a.split("=", 1)[1]
    return None


def created_dirs(cmd: SimpleCommand) -> frozenset[str]:
    """Folders `mkdir` / `install -d` make (a later `COPY f /that` puts f inside them)."""
    name = posixpath.basename(cmd.name)
    if name == "mkdir" or (name == "install" and "-d" in cmd.args):
        return frozenset(_abs(cmd.cwd, p) for p in _operands(cmd.args, frozenset({"-m", "-o", "-g"})))
    return frozenset()


# Short options that take a value (the rest of the word, else the next word); the others are
# switches, so `-fsSLo FILE` is -f -s -S -L -o FILE and `-qO-` is -q -O -. wget's -n takes the
# next letter as its own (-nv, -nc). Long options that take a value, written without "=".
_DOWNLOAD_SHORT = {"curl": "AbcCdDeEFHKmoPQrTuUwxXyYz", "wget": "OoaPeiBtTwQUlDRAIX"}
_DOWNLOAD_LONG = {
    "curl": frozenset("--output --header --data --data-raw --data-binary --data-urlencode --user --request --user-agent "
                      "--referer --proxy --write-out --max-time --connect-timeout --retry --retry-delay --cacert --cert "
                      "--key --form --output-dir --config --range --upload-file --url --limit-rate --resolve".split()),
    "wget": frozenset("--output-document --directory-prefix --header --user --password --tries --timeout --wait "
                      "--user-agent --output-file --append-output --input-file --post-data --ca-certificate".split()),
}


def _download(name: str, args: tuple[str, ...], cwd: str, redirects: tuple[str, ...]) -> CommandEffect | None:
    """curl and wget: the file they save (-o/-O FILE, or the URL's last path element for curl -O
    and a wget without -O), nothing for `-o -`/`-O-` (the standard output: a redirect or pipe)."""
    opts: list[tuple[str, str | None]] = []
    operands: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("--") and len(a) > 2:
            key, eq, val = a.partition("=")
            if not eq and key in _DOWNLOAD_LONG[name] and i + 1 < len(args):
                i += 1
                val = args[i]
            opts.append((key, val if eq or key in _DOWNLOAD_LONG[name] else None))
        elif a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                letter = a[j]
                if name == "wget" and letter == "n":
                    j += 2           # -nv, -nc, -nd, -nH: one switch of two letters
                    continue
                if letter in _DOWNLOAD_SHORT[name]:
                    val = a[j + 1:]
                    if not val and i + 1 < len(args):
                        i += 1
                        val = args[i]
                    opts.append(("-" + letter, val))
                    break
                opts.append(("-" + letter, None))
                j += 1
        else:
            operands.append(a)
        i += 1
    urls = [u for u in operands if "://" in u]
    given = dict(opts)
    out = next((v for k, v in opts if k in (("-o", "--output") if name == "curl" else ("-O", "--output-document"))), None)
    if out is not None:
        return CommandEffect(writes=redirects if out == "-" else (_abs(cwd, out),) + redirects)
    remote = name == "wget" or any(k in ("-O", "--remote-name", "--remote-name-all") for k, _ in opts)
    if not remote:
        return CommandEffect(writes=redirects)          # curl prints to its standard output
    folder = given.get("-P") or given.get("--directory-prefix") or given.get("--output-dir") or "."
    names = [posixpath.basename(u.split("://", 1)[1].split("?", 1)[0].split("#", 1)[0].partition("/")[2]) for u in urls]
    if not urls or not all(names) or "$" in folder:
        return None      # the name is the server's (index.html, a redirect's): not known here
    return CommandEffect(writes=tuple(_abs(cwd, posixpath.join(folder, n)) for n in names) + redirects)


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


# -- commands that run other commands ------------------------------------------------------------
#
# `env X=1 cp a b`, `nice cp a b`, `sudo -u app cp a b`, `sh -c 'cp a b'`: what they write is
# what the command they run writes, so `unwrap` hands that command back to be recognised like
# any other (a shell string is read by the same shell reader, with the same cwd and env).
# `find ... -exec CMD {} \;` and `xargs CMD` run CMD once per file / input word: ITEM stands for
# it, and only paths that do not depend on it are known (the caller checks). What cannot be
# read (a shell script file, `env -S`, `sudo -i` as another user, ...) is a problem: unknown.

ITEM = "\x1fitem\x1f"      # the file `find` / the word `xargs` hands each run of the inner command

_SHELL_NAMES = frozenset("sh bash dash ash zsh ksh mksh busybox-sh".split())
_ROOT_USERS = frozenset({"root", "0", "#0", "0:0", "root:root"})
# sudo's secure_path on Debian (and the default PATH): the environment sudo runs a command with.
_SECURE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class Unwrapped(Struct, frozen=True, gc=False):
    """What a command that runs other commands runs."""

    commands: tuple[SimpleCommand, ...] = ()   # run once each, as they are
    per_item: tuple[SimpleCommand, ...] = ()   # run once per file / input word (ITEM in their words)
    own: CommandEffect | None = None           # what the wrapper itself writes or deletes
    problem: str = ""                          # what cannot be read: an unknown effect


# find's matched set is computed only from these tests (AND-ed); anything else: unknown.
FindEntries = Callable[[str], "Mapping[str, str] | None"]   # root -> {path: "f"|"d"}, None: cannot list


def unwrap(cmd: SimpleCommand, entries: FindEntries | None = None) -> Unwrapped | None:
    """None when `cmd` runs no other command; else what it runs (see the section comment)."""
    name = posixpath.basename(cmd.name)
    words = cmd.argv[1:]
    if name == "env":
        return _env(cmd, words)
    if name == "exec":
        i = _skip_options(words, {"-a"}, {"-c", "-l", "-cl", "-lc"})
        return _run_rest(cmd, words[i:]) if i is not None else Unwrapped(problem="an exec option this analysis does not know")
    if name == "command":
        if any(w.text in ("-v", "-V", "-pv", "-vp", "-pV") for w in words[:2]):
            return Unwrapped(own=CommandEffect(writes=_redirects(cmd)))
        i = _skip_options(words, set(), {"-p"})
        return _run_rest(cmd, words[i:]) if i is not None else Unwrapped(problem="a command option this analysis does not know")
    if name == "nice":
        return _simple(cmd, words, {"-n", "--adjustment"}, set(), numeric_flags=True)
    if name in ("nohup",):
        return _run_rest(cmd, words[1:] if words[:1] and words[0].text == "--" else words)
    if name == "setsid":
        return _simple(cmd, words, set(), {"-f", "--fork", "-w", "--wait", "-c", "--ctty"})
    if name == "stdbuf":
        return _simple(cmd, words, {"-i", "-o", "-e", "--input", "--output", "--error"}, set(), attached=("-i", "-o", "-e"))
    if name == "ionice":
        return _simple(cmd, words, {"-c", "-n", "--class", "--classdata"}, {"-t", "--ignore"}, attached=("-c", "-n"))
    if name == "timeout":
        i = _skip_options(words, {"-s", "--signal", "-k", "--kill-after"}, {"--foreground", "--preserve-status", "-v", "--verbose"})
        if i is None or i >= len(words):
            return Unwrapped(problem="timeout without a duration and a command")
        return _run_rest(cmd, words[i + 1:])
    if name == "time":
        return _time(cmd, words)
    if name in ("sudo", "doas"):
        return _sudo(cmd, words)
    if name == "su":
        return _su(cmd, words)
    if name in ("gosu", "su-exec"):
        if len(words) < 2:
            return Unwrapped(problem=f"{name} without a user and a command")
        return _run_rest(cmd, words[1:], env=_user_env(cmd.env, words[0].text))
    if name in _SHELL_NAMES:
        return _shell(cmd, words)
    if name == "xargs":
        return _xargs(cmd, words)
    if name == "find":
        return _find(cmd, words, entries)
    return None


def _redirects(cmd: SimpleCommand) -> tuple[str, ...]:
    return tuple(_abs(cmd.cwd, w.text) for w in cmd.redirect_writes)


def _skip_options(words: Sequence[Word], with_value: set[str], flags: set[str]) -> int | None:
    """Index of the first operand after the options; None on an option not listed."""
    i = 0
    while i < len(words):
        t = words[i].text
        if t == "--":
            return i + 1
        if not t.startswith("-") or t == "-":
            return i
        key = t.split("=", 1)[0]
        if key in with_value and "=" not in t:
            i += 2
            continue
        if key in with_value or t in flags:
            i += 1
            continue
        return None
    return i


def _simple(cmd: SimpleCommand, words: Sequence[Word], with_value: set[str], flags: set[str],
            attached: tuple[str, ...] = (), numeric_flags: bool = False) -> Unwrapped:
    i = 0
    while i < len(words):
        t = words[i].text
        if t == "--":
            i += 1
            break
        if not t.startswith("-") or t == "-":
            break
        key = t.split("=", 1)[0]
        if key in with_value and "=" not in t:
            i += 2
        elif key in with_value or t in flags or t.startswith(attached or ("\0",)) or (numeric_flags and t[1:].isdigit()):
            i += 1
        else:
            return Unwrapped(problem=f"{cmd.name} option {t} (not known to this analysis)")
    return _run_rest(cmd, words[i:])


def _run_rest(cmd: SimpleCommand, rest: Sequence[Word], env: Mapping[str, str] | None = None,
              cwd: str | None = None) -> Unwrapped:
    """The wrapper runs `rest` in the same process context (its redirects included)."""
    if not rest:
        return Unwrapped(own=CommandEffect(writes=_redirects(cmd)))
    inner = replace(cmd, argv=tuple(rest), env=_as_map(cmd.env if env is None else env), cwd=cwd or cmd.cwd)
    return Unwrapped(commands=(inner,))


def _as_map(env: Mapping[str, str]) -> Map:
    return env if isinstance(env, Map) else Map(env)


def _env(cmd: SimpleCommand, words: Sequence[Word]) -> Unwrapped:
    env = _as_map(cmd.env)
    cwd = cmd.cwd
    i = 0
    while i < len(words):
        t = words[i].text
        val = words[i + 1] if i + 1 < len(words) else None
        if t in ("-i", "--ignore-environment", "-"):
            env = Map()
        elif t in ("-u", "--unset") and val is not None:
            env = env.delete(val.text) if val.text in env else env
            i += 1
        elif t.startswith("--unset="):
            key = t.split("=", 1)[1]
            env = env.delete(key) if key in env else env
        elif t in ("-C", "--chdir") or t.startswith("--chdir="):
            target = t.split("=", 1)[1] if "=" in t else (val.text if val is not None and val.known else None)
            if target is None:
                return Unwrapped(problem="env -C to a folder known only when it runs")
            cwd = _abs(cwd, target)
            i += 0 if "=" in t else 1
        elif t in ("-0", "--null", "-v", "--debug"):
            pass
        elif t == "--":
            i += 1
            break
        elif t.startswith("-"):
            return Unwrapped(problem=f"env option {t} (a command line it splits itself is not read)")
        else:
            break
        i += 1
    while i < len(words) and "=" in words[i].text and not words[i].text.startswith("="):
        key, _, value = words[i].text.partition("=")
        env = env.set(key, value)
        i += 1
    return _run_rest(cmd, words[i:], env=env, cwd=cwd)


def _time(cmd: SimpleCommand, words: Sequence[Word]) -> Unwrapped:
    """The shell keyword (`time -p`) and GNU time (`-o FILE` writes the timing there)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        t = words[i].text
        if t in ("-o", "--output") and i + 1 < len(words):
            out.append(_abs(cmd.cwd, words[i + 1].text))
            i += 2
        elif t.startswith("--output="):
            out.append(_abs(cmd.cwd, t.split("=", 1)[1]))
            i += 1
        elif t in ("-f", "--format") and i + 1 < len(words):
            i += 2
        elif t in ("-p", "--portability", "-a", "--append", "-v", "--verbose", "-q", "--quiet") or t.startswith("--format="):
            i += 1
        elif t == "--":
            i += 1
            break
        elif t.startswith("-"):
            return Unwrapped(problem=f"time option {t} (not known to this analysis)")
        else:
            break
    inner = _run_rest(cmd, words[i:])
    if out:
        return replace(inner, own=CommandEffect(writes=tuple(out)))
    return inner


def _user_env(env: Mapping[str, str], user: str) -> Map:
    """The environment after switching to `user` and keeping the rest: HOME is the user's
    (/root for root; another user's home is not known here, so HOME is left out)."""
    m = _as_map(env)
    if user.split(":")[0] in ("root", "0"):
        return m.set("HOME", "/root")
    return m.delete("HOME") if "HOME" in m else m


_SUDO_VALUE = {"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "--user", "--group", "--host", "--prompt",
               "--close-from", "--chdir", "--role", "--type", "--other-user", "--command-timeout"}
_SUDO_FLAGS = {"-E", "-H", "-n", "-P", "-S", "-k", "-A", "-B", "-N", "-s", "--preserve-env", "--set-home",
               "--non-interactive", "--preserve-groups", "--stdin", "--reset-timestamp", "--askpass", "--bell",
               "--no-update", "--shell"}


def _sudo(cmd: SimpleCommand, words: Sequence[Word]) -> Unwrapped:
    user, cwd, preserve = "root", cmd.cwd, False
    i = 0
    while i < len(words):
        t = words[i].text
        key = t.split("=", 1)[0]
        if t == "--":
            i += 1
            break
        if not t.startswith("-"):
            break
        if key in _SUDO_VALUE:
            val = t.split("=", 1)[1] if "=" in t else (words[i + 1].text if i + 1 < len(words) else "")
            if key in ("-u", "--user"):
                user = val
            elif key in ("-D", "--chdir"):
                cwd = _abs(cmd.cwd, val)
            i += 1 if "=" in t else 2
            continue
        if key in _SUDO_FLAGS or (len(t) > 2 and not t.startswith("--") and all(("-" + c) in _SUDO_FLAGS for c in t[1:])):
            preserve = preserve or key == "--preserve-env" or "E" in (t[1:] if not t.startswith("--") else "")
            i += 1
            continue
        return Unwrapped(problem=f"sudo option {t} (a login shell, an editor or a background run is not followed)")
    env: Map = _as_map(cmd.env) if preserve else Map({"PATH": _SECURE_PATH})
    env = _user_env(env, user)
    while i < len(words) and "=" in words[i].text and not words[i].text.startswith("="):
        key, _, value = words[i].text.partition("=")
        env = env.set(key, value)
        i += 1
    return _run_rest(cmd, words[i:], env=env, cwd=cwd)


def _su(cmd: SimpleCommand, words: Sequence[Word]) -> Unwrapped:
    script: Word | None = None
    user = "root"
    login = False
    seen_user = False
    i = 0
    while i < len(words):
        t = words[i].text
        if t in ("-c", "--command", "--session-command") and i + 1 < len(words):
            script = words[i + 1]
            i += 2
            continue
        if t.startswith(("--command=", "--session-command=")):
            script = Word(t.split("=", 1)[1], words[i].known)
        elif t in ("-", "-l", "--login"):
            login = True
        elif t in ("-m", "-p", "--preserve-environment", "-P", "--pty"):
            pass
        elif t in ("-s", "--shell", "-g", "--group", "-G", "--supp-group", "-w", "--whitelist-environment"):
            i += 2
            continue
        elif t.startswith("-"):
            return Unwrapped(problem=f"su option {t} (not known to this analysis)")
        elif not seen_user:
            user, seen_user = t, True
        i += 1
    if script is None:
        return Unwrapped(problem="su without -c runs a shell reading its input")
    if login and user not in _ROOT_USERS:
        return Unwrapped(problem=f"su - {user} starts in that user's home folder, which is not known here")
    env = Map({"PATH": _SECURE_PATH, "HOME": "/root"}) if login else _user_env(cmd.env, user)
    return _read_script(cmd, script, env, "/root" if login else cmd.cwd)


def _shell(cmd: SimpleCommand, words: Sequence[Word]) -> Unwrapped:
    """`sh -c 'SCRIPT' [NAME ARGS]`: the script, read by the same shell reader."""
    c_mode = False
    i = 0
    while i < len(words):
        t = words[i].text
        if t in ("-o", "+o", "-O", "+O") and i + 1 < len(words):
            i += 2
            continue
        if t in ("--", "-"):
            i += 1
            break
        if t.startswith("--"):
            i += 1     # --login, --norc, --noprofile, --posix
            continue
        if t.startswith(("-", "+")) and len(t) > 1:
            c_mode = c_mode or "c" in t[1:]
            if "s" in t[1:] and t.startswith("-"):
                return Unwrapped(problem="a shell reading commands from its input")
            i += 2 if t[-1] in "oO" else 1    # -euxo pipefail: the option name follows
            continue
        break
    if not c_mode:
        if i < len(words):
            return Unwrapped(problem=f"a shell running the script file {words[i].text} (scripts are not read)")
        return Unwrapped(problem="a shell reading commands from its input")
    if i >= len(words):
        return Unwrapped(problem="sh -c without a command")
    inner = _read_script(cmd, words[i], cmd.env, cmd.cwd)
    return replace(inner, own=CommandEffect(writes=_redirects(cmd))) if not inner.problem else inner


def _read_script(cmd: SimpleCommand, script: Word, env: Mapping[str, str], cwd: str) -> Unwrapped:
    if not script.known:
        return Unwrapped(problem="a shell script known only when it runs")
    from converter.shell import read_shell
    reading = read_shell(script.text, cwd, env)
    if reading.problems:
        return Unwrapped(problem="; ".join(reading.problems))
    inner = tuple(replace(c, conditional=c.conditional or cmd.conditional) for c in reading.commands)
    return Unwrapped(commands=inner)


_XARGS_VALUE = {"-d", "-n", "-L", "-P", "-s", "-E", "-a", "--delimiter", "--max-args", "--max-lines", "--max-procs",
                "--max-chars", "--eof", "--arg-file", "--process-slot-var"}
_XARGS_FLAGS = {"-0", "-r", "-t", "-x", "--null", "--no-run-if-empty", "--verbose", "--exit", "--show-limits", "-o", "--open-tty"}


def _xargs(cmd: SimpleCommand, words: Sequence[Word]) -> Unwrapped:
    replace_str: str | None = None
    i = 0
    while i < len(words):
        t = words[i].text
        key = t.split("=", 1)[0]
        if t == "--":
            i += 1
            break
        if not t.startswith("-"):
            break
        if t == "-I" and i + 1 < len(words):
            replace_str = words[i + 1].text
            i += 2
            continue
        if t.startswith("-I"):
            replace_str = t[2:]
        elif t.startswith("-i") or key == "--replace":
            replace_str = (t.split("=", 1)[1] if "=" in t else t[2:]) or "{}"
        elif key in _XARGS_VALUE:
            i += 1 if "=" in t else 2
            continue
        elif t in _XARGS_FLAGS or (t[:2] in ("-n", "-L", "-P", "-s", "-d", "-E", "-e", "-l") and len(t) > 2) or t in ("-e", "-l"):
            pass
        else:
            return Unwrapped(problem=f"xargs option {t} (not known to this analysis)")
        i += 1
    rest = list(words[i:]) or [Word("echo")]
    if replace_str:
        rest = [Word(w.text.replace(replace_str, ITEM), w.known) for w in rest]
    else:
        rest.append(Word(ITEM))
    return Unwrapped(per_item=(replace(cmd, argv=tuple(rest), redirect_writes=()),),
                     own=CommandEffect(writes=_redirects(cmd)))


_FIND_VALUE = frozenset(
    "-name -iname -path -ipath -wholename -iwholename -regex -iregex -type -xtype -maxdepth -mindepth -user -group "
    "-perm -size -mtime -mmin -atime -amin -ctime -cmin -inum -links -uid -gid -samefile -fstype -used -lname "
    "-ilname -regextype -printf -context -files0-from".split())
_FIND_FLAGS = frozenset(
    "-print -print0 -ls -prune -quit -true -false -empty -executable -readable -writable -nouser -nogroup -depth -d "
    "-xdev -mount -follow -daystart -noleaf -ignore_readdir_race -noignore_readdir_race -warn -nowarn -a -and -o -or "
    "-not ! ( ) ,".split())
_FIND_FILE_OUT = {"-fprint": 1, "-fprint0": 1, "-fls": 1, "-fprintf": 2}
# The only expression parts the matched set is computed from (all AND-ed).
_FIND_SIMPLE = frozenset("-name -iname -type -maxdepth -mindepth -print -print0 -a -and -depth -xdev -mount".split())


def _find(cmd: SimpleCommand, words: Sequence[Word], entries: FindEntries | None) -> Unwrapped:
    i = 0
    while i < len(words) and words[i].text in ("-H", "-L", "-P", "-O", "-D") or (i < len(words) and words[i].text.startswith("-O")):
        i += 2 if words[i].text in ("-D",) else 1
    roots: list[Word] = []
    while i < len(words) and not (words[i].text.startswith("-") and len(words[i].text) > 1) and words[i].text not in ("(", "!", ")"):
        roots.append(words[i])
        i += 1
    roots = roots or [Word(".")]
    tests: list[tuple[str, str]] = []
    writes: list[str] = []
    per_item: list[SimpleCommand] = []
    delete = False
    rm_exec = rm_recursive = False
    simple = True
    while i < len(words):
        t = words[i].text
        if t in _FIND_VALUE or (t.startswith("-newer") and len(t) > 1):
            if i + 1 >= len(words):
                return Unwrapped(problem=f"find {t} without its value")
            tests.append((t, words[i + 1].text))
            simple = (simple and t in _FIND_SIMPLE and words[i + 1].known
                      and (t != "-type" or words[i + 1].text in ("f", "d")))
            i += 2
            continue
        if t in _FIND_FILE_OUT:
            if i + 1 >= len(words) or not words[i + 1].known:
                return Unwrapped(problem=f"find {t} to a file known only when it runs")
            writes.append(_abs(cmd.cwd, words[i + 1].text))
            i += 1 + _FIND_FILE_OUT[t]
            continue
        if t == "-delete":
            delete = True
            i += 1
            continue
        if t in ("-exec", "-execdir", "-ok", "-okdir"):
            j = i + 1
            while j < len(words) and not (words[j].text == ";" or (words[j].text == "+" and words[j - 1].text == "{}")):
                j += 1
            if j >= len(words):
                return Unwrapped(problem=f"find {t} without its closing ';' or '+'")
            inner = words[i + 1:j]
            i = j + 1
            if t.startswith("-ok"):
                return Unwrapped(problem=f"find {t} asks before each run")
            if not inner:
                return Unwrapped(problem=f"find {t} without a command")
            if _is_rm_of_item(inner):
                delete = True
                rm_exec = True
                rm_recursive = rm_recursive or any("r" in w.text.lstrip("-").lower() for w in inner[1:-1])
                continue
            argv = tuple(Word(w.text.replace("{}", ITEM), w.known) for w in inner)
            cwd = "/" + ITEM if t == "-execdir" else cmd.cwd
            per_item.append(SimpleCommand(argv, cwd, _as_map(cmd.env), (), cmd.conditional, cmd.user))
            continue
        if t in _FIND_FLAGS:
            simple = simple and t in _FIND_SIMPLE
            i += 1
            continue
        return Unwrapped(problem=f"find {t} (not known to this analysis)")
    deletes: list[str] = []
    if delete:
        found = _find_matches(cmd.cwd, roots, tests, entries) if simple else None
        if found is None:
            return Unwrapped(problem="find deleting files its tests select, which this analysis cannot list")
        matched, listing = found
        deletes = _find_deletes(matched, listing, "rm-r" if rm_recursive else "rm" if rm_exec else "delete")
    own = CommandEffect(writes=tuple(writes) + _redirects(cmd), deletes=tuple(deletes))
    return Unwrapped(per_item=tuple(per_item), own=own)


def _is_rm_of_item(inner: Sequence[Word]) -> bool:
    return (posixpath.basename(inner[0].text) == "rm" and len(inner) >= 2 and inner[-1].text == "{}"
            and all(w.text.startswith("-") for w in inner[1:-1]))


def _find_matches(cwd: str, roots: Sequence[Word], tests: Sequence[tuple[str, str]], entries: FindEntries | None,
                  ) -> tuple[dict[str, str], dict[str, str]] | None:
    """(the paths find selects, every path under the roots), each path -> "f"/"d"; None when
    they cannot be listed."""
    if entries is None or not all(r.known for r in roots):
        return None
    matched: dict[str, str] = {}
    listing_all: dict[str, str] = {}
    for r in roots:
        root = _abs(cwd, r.text)
        listing = entries(root)
        if listing is None:
            return None
        listing_all.update(listing)
        for path, kind in listing.items():
            depth = 0 if path == root else path[len(root.rstrip("/")) + 1:].count("/") + 1
            if _find_selects(path, kind, depth, tests):
                matched[path] = kind
    return matched, listing_all


def _find_selects(path: str, kind: str, depth: int, tests: Sequence[tuple[str, str]]) -> bool:
    base = posixpath.basename(path) or "/"
    for t, v in tests:
        if t == "-name" and not fnmatch.fnmatchcase(base, v):
            return False
        if t == "-iname" and not fnmatch.fnmatchcase(base.lower(), v.lower()):
            return False
        if t == "-type" and v != kind:
            return False
        if t in ("-maxdepth", "-mindepth") and not v.isdigit():
            return False
        if t == "-maxdepth" and depth > int(v):
            return False
        if t == "-mindepth" and depth < int(v):
            return False
    return True


def _find_deletes(matched: Mapping[str, str], listing: Mapping[str, str], mode: str) -> list[str]:
    """-delete removes files, and folders it leaves empty; `-exec rm {}` files only;
    `-exec rm -r {}` files and whole folders."""
    out = [p for p, k in matched.items() if k == "f"]
    for p, k in matched.items():
        if k != "d" or mode == "rm":
            continue
        prefix = p.rstrip("/") + "/"
        if mode == "rm-r" or all(q in matched for q in listing if q.startswith(prefix)):
            out.append(p)
    return sorted(set(out))
