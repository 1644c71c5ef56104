"""Instructions the engine rejects, rejected here: the checks BuildKit's instruction layer
(and its dispatcher, for EXPOSE, STOPSIGNAL and --chown values) applies after parsing.

PyPI's `dockerfile` gives us BuildKit's *parser* only; the typed-instruction layer that says
"WORKDIR requires exactly one argument" or "Unknown flag: foo" lives in Go code the package
does not bind. The rules below restate those checks (facts about the engine's behaviour, one
small function each) so that a file `docker build` refuses is refused here too, with the
engine's reason, instead of being converted into a second file that fails the same way.
Values that hold a variable are checked only where no expansion is needed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import InputError
from .model import Dockerfile, Instruction

# Flags each instruction accepts, with their kind (as BuildKit declares them).
_BOOL, _STRING, _STRINGS = "bool", "string", "strings"
FLAGS: dict[str, dict[str, str]] = {
    "FROM": {"platform": _STRING},
    "COPY": {"chown": _STRING, "from": _STRING, "chmod": _STRING, "link": _BOOL,
             "parents": _BOOL, "exclude": _STRINGS},
    "ADD": {"chown": _STRING, "chmod": _STRING, "checksum": _STRING, "link": _BOOL,
            "keep-git-dir": _BOOL, "unpack": _BOOL, "exclude": _STRINGS},
    "RUN": {"mount": _STRINGS, "network": _STRING, "security": _STRING, "device": _STRINGS},
    "HEALTHCHECK": {"interval": _STRING, "timeout": _STRING, "start-period": _STRING,
                    "start-interval": _STRING, "retries": _STRING},
}
# Instructions whose flags the engine never parses (so it ignores them).
_FLAGS_UNCHECKED = frozenset({"STOPSIGNAL"})

STAGE_NAME = re.compile(r"^[a-z][a-z0-9-_.]*$")
_DURATION = re.compile(r"^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$")
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_PORT = re.compile(r"^(?:[^/]*:)?(\d+)(?:-(\d+))?(?:/([A-Za-z]+))?$")
# Linux signal names the engine knows (moby's signal map), without the SIG prefix.
_SIGNALS = frozenset(
    "ABRT ALRM BUS CHLD CLD CONT FPE HUP ILL INT IO IOT KILL PIPE POLL PROF PWR QUIT SEGV "
    "STKFLT STOP SYS TERM TRAP TSTP TTIN TTOU URG USR1 USR2 VTALRM WINCH XCPU XFSZ RTMIN RTMAX".split()
) | {f"RTMIN+{n}" for n in range(1, 16)} | {f"RTMAX-{n}" for n in range(1, 15)}


def validate(df: Dockerfile) -> None:
    """Raise `InputError` ("line N: reason") for the first instruction the engine rejects."""
    for ins in df.instructions:
        problem = instruction_problem(ins)
        if problem:
            raise InputError(f"line {ins.start_line}: {problem}")


def instruction_problem(ins: Instruction) -> str | None:
    """The engine's reason for rejecting one instruction, or None."""
    rule = _RULES.get(ins.keyword)
    skip_flags = ins.keyword in _FLAGS_UNCHECKED or (
        ins.keyword == "HEALTHCHECK" and ins.args and ins.args[0].upper() == "NONE")
    if not skip_flags:
        bad = flag_problem(ins.keyword, ins.flags)
        if bad:
            return bad
    return rule(ins) if rule else None


def flag_problem(keyword: str, flags: tuple[str, ...]) -> str | None:
    known = FLAGS.get(keyword, {})
    used: set[str] = set()
    for raw in flags:
        if not raw.startswith("--"):
            return f"{keyword}: flag should start with --: {raw}"
        if raw == "--":
            return None
        name, eq, value = raw[2:].partition("=")
        kind = known.get(name)
        if kind is None:
            return f"{keyword}: unknown flag: --{name}"
        if name in used and kind != _STRINGS:
            return f"{keyword}: duplicate flag: --{name}"
        used.add(name)
        if kind == _BOOL and eq and value.lower() not in ("true", "false"):
            return f"{keyword}: --{name} expects true or false, not {value!r}"
        if kind != _BOOL and not eq:
            return f"{keyword}: missing a value on flag --{name}"
    return None


def stage_name_problem(name: str) -> str | None:
    if not STAGE_NAME.match(name.lower()):
        return f"invalid name for build stage: {name!r} (a letter first, then letters, digits, '-', '_' or '.')"
    return None


# -- one rule per instruction -------------------------------------------------------------------

def _from(ins: Instruction) -> str | None:
    a = ins.args
    if len(a) == 3 and a[1].lower() == "as":
        return stage_name_problem(a[2])
    if len(a) != 1:
        return "FROM requires either one or three arguments (FROM image [AS name])"
    return None


def _exactly_one(ins: Instruction) -> str | None:
    if len(ins.args) != 1:
        return f"{ins.keyword} requires exactly one argument"
    return None


def _at_least_one(ins: Instruction) -> str | None:
    if not ins.args:
        return f"{ins.keyword} requires at least one argument"
    return None


def _key_values(ins: Instruction) -> str | None:
    if not ins.args:
        return f"{ins.keyword} requires at least one argument"
    if any(k == "" for k in ins.args[0::2]):
        return f"{ins.keyword} names can not be blank"
    return None


def _arg(ins: Instruction) -> str | None:
    if not ins.args:
        return "ARG requires at least one argument"
    if any(a.partition("=")[0] == "" for a in ins.args):
        return "ARG names can not be blank"
    return None


def _copy(ins: Instruction) -> str | None:
    if len(ins.args) < 2:
        return f"{ins.keyword} requires at least two arguments (sources and a destination)"
    chown = ins.flag("chown")
    if chown and "$" not in chown:
        user, colon, group = chown.partition(":")
        if not user or (colon and not group) or ":" in group or re.search(r"\s", chown):
            return f"{ins.keyword}: invalid --chown value {chown!r} (expected user, user:group or uid:gid)"
    return None


def _onbuild(ins: Instruction) -> str | None:
    if not ins.args:
        return "ONBUILD requires at least one argument"
    trigger = (ins.sub_keyword or "").upper()
    if trigger == "ONBUILD":
        return "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"
    if trigger in ("MAINTAINER", "FROM"):
        return f"{trigger} isn't allowed as an ONBUILD trigger"
    return None


def _run(ins: Instruction) -> str | None:
    if not ins.args and not ins.heredocs:
        return "RUN requires at least one argument"
    return None


def _shell(ins: Instruction) -> str | None:
    if not ins.args:
        return "SHELL requires at least one argument"
    if not ins.json_form:
        return 'SHELL requires the arguments to be in JSON form (SHELL ["executable", "parameters"])'
    return None


def _healthcheck(ins: Instruction) -> str | None:
    if not ins.args:
        return "HEALTHCHECK requires at least one argument"
    kind = ins.args[0].upper()
    if kind == "NONE":
        return "HEALTHCHECK NONE takes no arguments" if len(ins.args) > 1 else None
    if kind != "CMD":
        return f"unknown type {ins.args[0]!r} in HEALTHCHECK (try CMD)"
    if len(ins.args) < 2 or not any(a.strip() for a in ins.args[1:]):
        return "missing command after HEALTHCHECK CMD"
    for name in ("interval", "timeout", "start-period", "start-interval"):
        value = ins.flag(name)
        if value:
            bad = _duration_problem(name, value)
            if bad:
                return bad
    retries = ins.flag("retries")
    if retries:
        if not re.fullmatch(r"[-+]?\d+", retries) or not -2**31 <= int(retries) < 2**31:
            return f"HEALTHCHECK --retries: not a number: {retries!r}"
        if int(retries) < 0:
            return f"HEALTHCHECK --retries cannot be negative ({int(retries)})"
    return None


def _duration_problem(name: str, value: str) -> str | None:
    """Go's time.ParseDuration syntax ("30s", "1m30s", "0"); a non-zero value is at least 1ms."""
    if value in ("0", "+0", "-0"):
        return None
    if not _DURATION.match(value):
        return f"HEALTHCHECK --{name}: invalid duration {value!r} (e.g. 30s, 1m30s)"
    seconds = sum(float(n) * _UNIT_SECONDS[u] for n, u in _DURATION_PART.findall(value))
    if value.startswith("-"):
        seconds = -seconds
    if seconds != 0 and seconds < 1e-3:
        return f"HEALTHCHECK --{name} cannot be less than 1ms"
    return None


def _expose(ins: Instruction) -> str | None:
    if not ins.args:
        return "EXPOSE requires at least one argument"
    for word in ins.args:
        if "$" in word:
            continue
        m = _PORT.match(word)
        if not m:
            return f"EXPOSE: invalid port {word!r} (expected PORT, PORT/PROTO or START-END/PROTO)"
        start, end, proto = int(m.group(1)), int(m.group(2) or m.group(1)), (m.group(3) or "tcp").lower()
        if start > 65535 or end > 65535 or end < start:
            return f"EXPOSE: invalid port range {word!r}"
        if proto not in ("tcp", "udp", "sctp"):
            return f"EXPOSE: invalid protocol {m.group(3)!r} in {word!r} (tcp, udp or sctp)"
    return None


def _volume(ins: Instruction) -> str | None:
    if not ins.args:
        return "VOLUME requires at least one argument"
    if any(not a.strip() for a in ins.args):
        return "VOLUME specified can not be an empty string"
    return None


def _stopsignal(ins: Instruction) -> str | None:
    if len(ins.args) != 1:
        return "STOPSIGNAL requires exactly one argument"
    sig = ins.args[0]
    if "$" in sig:
        return None
    if re.fullmatch(r"[-+]?\d+", sig):
        return "STOPSIGNAL: invalid signal 0" if int(sig) == 0 else None
    name = sig.upper()
    name = name[3:] if name.startswith("SIG") else name
    if name not in _SIGNALS:
        return f"STOPSIGNAL: invalid signal {sig!r}"
    return None


_RULES: dict[str, Callable[[Instruction], str | None]] = {
    "FROM": _from,
    "WORKDIR": _exactly_one,
    "USER": _exactly_one,
    "MAINTAINER": _exactly_one,
    "ENV": _key_values,
    "LABEL": _key_values,
    "ARG": _arg,
    "COPY": _copy,
    "ADD": _copy,
    "ONBUILD": _onbuild,
    "RUN": _run,
    "SHELL": _shell,
    "HEALTHCHECK": _healthcheck,
    "EXPOSE": _expose,
    "VOLUME": _volume,
    "STOPSIGNAL": _stopsignal,
}
